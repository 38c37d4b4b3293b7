"""The stages' speed-ups give what the code they replaced gave: each shortcut beside the plain way it stands for."""

from __future__ import annotations

import random

import numpy as np
import pytest

from tests.conftest import EXAMPLES, process

PARAGRAPHS = ("Officials said on Monday that talks would resume.\n\nThe minister, who spoke to reporters, "
              "denied the report.\nHe added that the army HAD NOT MOVED.\n\nPROTESTERS MARCH IN CAPITAL\n\n"
              "Police said they arrested 12 people.")


@pytest.fixture(scope="module")
def docs(nlp):
    texts = [PARAGRAPHS] + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))[:4]]
    return [process(nlp, text, article_id=f"s{i}") for i, text in enumerate(texts)]


def test_doc_text_is_the_docs_text_read_once(docs):
    from dateline.stages.syntax import doc_text

    for doc in docs:
        assert doc_text(doc) == doc.text
        assert doc_text(doc) is doc_text(doc)


def test_across_paragraph_is_a_line_break_in_any_token_between(docs):
    from dateline.stages.quotes.parse import across_paragraph

    pairs = [(tok, child) for doc in docs for tok in doc for child in tok.children]
    walked = [any("\n" in t.text or "\n" in t.whitespace_ for t in v.doc[min(v.i, c.i):max(v.i, c.i)])
              for v, c in pairs]
    assert [across_paragraph(v, c) for v, c in pairs] == walked
    assert any(walked) and not all(walked)


def test_shouting_is_two_or_more_words_all_in_capitals(docs):
    from dateline.stages.events.filters import _shouting

    sents = [s for doc in docs for s in doc.sents]
    listed = [len(w) >= 2 and all(x.isupper() for x in w) for w in ([t.text for t in s if t.is_alpha] for s in sents)]
    assert [_shouting(s) for s in sents] == listed
    assert any(listed)


def test_type_model_sums_the_rows_as_np_sum_over_the_dict_rows_did():
    from dateline.stages.events.decision import load_model, probabilities

    classes, intercepts, weights = load_model()
    names = sorted(weights)
    rng = random.Random(7)
    for _ in range(300):
        feats = rng.sample(names, rng.randint(0, 60)) + ["not-a-feature"]
        rows = [w for w in map(weights.get, sorted(set(feats))) if w is not None]
        score = intercepts + np.sum(rows, axis=0) if rows else intercepts.copy()
        score = np.exp(score - score.max())
        score /= score.sum()
        assert probabilities(feats) == dict(zip(classes, (float(p) for p in score), strict=True))  # bit for bit


def test_type_model_matrix_follows_the_model_in_use():
    from dateline.stages.events.decision import probabilities

    model = (["A", "NONE"], np.array([0.0, 0.0]), {"x": np.array([2.0, 0.0])})
    other = (["A", "NONE"], np.array([0.0, 0.0]), {"x": np.array([0.0, 2.0])})
    assert probabilities(["x"], model)["A"] > 0.8
    assert probabilities(["x"], other)["A"] < 0.2


def test_actor_grammar_is_worked_out_once_and_handed_out_as_a_copy(nlp):
    from dateline.stages.events import actor_choice

    doc = process(nlp, "Israeli forces attacked the town of Rafah on Monday, the army said.")
    ev = next(e for e in doc._.events if e.type == "ASSAULT")
    first = actor_choice.grammar(doc, ev, ev.source)
    first.append("changed")
    again = actor_choice.grammar(doc, ev, ev.source)
    assert "changed" not in again
    doc.user_data.pop("dateline_events_actor_grammar")
    assert actor_choice.grammar(doc, ev, ev.source) == again and again


def test_time_rules_with_their_first_character_lookahead_match_as_without():
    import re

    from dateline.stages.time.patterns import _L, _R, RULE_SOURCES, rules, word_classes

    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    texts += [t.upper() for t in texts] + ["On ５ May, ٢٠٢٠ or 'ſeptember' İn the 1990s, 12:30 p.m. FY'24 Q3 2023"]
    classes = word_classes()
    for (name, src), rule in zip(RULE_SOURCES, rules(), strict=True):
        assert rule.pattern.pattern.startswith(_L + "(?=["), name  # every rule has one today
        plain = re.compile(_L + "(?:" + src.format(**classes) + ")" + _R, re.IGNORECASE)
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)] == \
                [(m.span(), m.groupdict()) for m in plain.finditer(text)], name


def test_first_character_of_a_pattern():
    from dateline.stages.time.patterns import _first_char

    assert _first_char("(?:(?:a|b)?c)") == "(?=[abc])"
    assert _first_char(r"(?:(?<=x\s)[0-2]?\d)") == r"(?=[0-2\d])"
    assert _first_char("(?:a?)") == ""  # can match nothing: no lookahead
    assert _first_char(r"(?:.x)") == ""  # any character: none either
