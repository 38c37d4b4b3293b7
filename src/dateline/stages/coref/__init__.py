"""The coreference stage (``dateline_coref``): chains of names, surnames, pronouns and descriptions on
``doc._.coref_chains``. Later stages use :func:`chain_at` to find the chain of a span, and
:func:`build_chains` where the stage did not run."""

from dateline.stages.coref.chains import Chain, build_chains, chain_at

__all__ = ["Chain", "build_chains", "chain_at"]
