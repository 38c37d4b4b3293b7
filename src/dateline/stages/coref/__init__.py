"""The coreference stage (``dateline_coref``): chains of names, surnames, pronouns and descriptions on
``doc._.coref_chains``. Later stages use :func:`chain_at` to find the chain of a span (:func:`chains_at`
for every chain there), and :func:`build_chains` where the stage did not run."""

from dateline.stages.coref.chains import Chain, build_chains, chain_at, chains_at

__all__ = ["Chain", "build_chains", "chain_at", "chains_at"]
