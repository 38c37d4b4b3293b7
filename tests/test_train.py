"""dateline.train: the quote trainers learn the same model from the same data, and say clearly what
they are missing."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from dateline.evaluation import DEFAULT_SHARED
from dateline.train import quote_cues, quote_spans
from dateline.train.common import TrainingError, fit

POLNEAR_TRAIN = DEFAULT_SHARED / "data" / "polnear" / "train"
LIMIT = "10"
# sha256 of the model files a run on the first 10 PolNeAR train documents writes, recorded when the
# trainers moved into the package (their full runs then rewrote the shipped cue_model.json and
# span_model.json byte for byte). A different digest means the trainers now learn something else from
# the same data: retrain the shipped files (resources/quotes/README.md) and record the new digests.
DIGESTS = {
    "quote_cues": "bcb6a54a29bdfc8ef20d07f5901a675727f8186e09a8cf42d8dd1b1cceb51f4e",
    "quote_spans": "07498a3867fee86769827f4d5fda2232e1539f05e310b4abbad9ecdfbdf2636b",
}


def _train(module: str, *args: str) -> subprocess.CompletedProcess:
    """``python -m dateline.train.<module> ARGS``, as users run it (a fresh process pins the BLAS kernels)."""
    return subprocess.run([sys.executable, "-m", f"dateline.train.{module}", *args], capture_output=True, text=True)


@pytest.mark.skipif(not POLNEAR_TRAIN.is_dir(), reason=f"PolNeAR train not found at {POLNEAR_TRAIN}")
@pytest.mark.parametrize("module", sorted(DIGESTS))
def test_a_small_retrain_writes_the_recorded_model(module, tmp_path):
    pytest.importorskip("sklearn", reason="the train extra is not installed")
    out = tmp_path / "model.json"
    done = _train(module, "--limit", LIMIT, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert hashlib.sha256(out.read_bytes()).hexdigest() == DIGESTS[module]


@pytest.mark.parametrize("trainer", [quote_cues, quote_spans])
def test_missing_polnear_is_a_clear_error(trainer, tmp_path, capsys):
    out = tmp_path / "model.json"
    assert trainer.main(["--shared", str(tmp_path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "PolNeAR train not found" in err and "--shared" in err
    assert not out.exists()


def test_missing_train_extra_is_a_clear_error(monkeypatch):
    for name in ("sklearn", "sklearn.feature_extraction", "sklearn.linear_model"):
        monkeypatch.setitem(sys.modules, name, None)  # what an install without the extra sees
    with pytest.raises(TrainingError, match=r'pip install -e "\.\[train\]"'):
        fit([(["a"], 1), (["b"], 0)])
