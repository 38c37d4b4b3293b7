"""The date and modality of events (stages/events/dates.py, modality.py): time words the parse hung
elsewhere, dates shared by the mentions of one happening, series begun long ago."""

from __future__ import annotations

import dateline


def _events(nlp, text: str, date: str):
    """Every event the coder builds (the acceptance model's threshold off: these tests pin dates, not which
    events a reader sees)."""
    component = nlp.get_pipe("dateline_events")
    saved, component.min_probability = component.min_probability, 0.0
    try:
        return dateline.extract(text, date=date).events
    finally:
        component.min_probability = saved


def _one(events, typ: str, word: str):
    found = [e for e in events if e.plover_type == typ and word in e.evidence.text]
    assert found, [(e.plover_type, e.evidence.text) for e in events]
    return found[0]


def _when(ev) -> tuple:
    return ev.date, ev.date_resolved, ev.modality


def test_time_words_of_happening_nouns_date_their_verbs(nlp):
    text = "Officials hoped for aid to Kenya, where the Aug. 7 terrorist blasts killed 257 people in Nairobi."
    assert _when(_one(_events(nlp, text, "1998-08-18"), "ASSAULT", "killed")) == ("1998-08-07", True, "asserted")
    text = "The bombs went off almost simultaneously on Aug. 7, 1998 at U.S. embassies in Nairobi and Dar es Salaam."
    assert _when(_one(_events(nlp, text, "1999-10-08"), "ASSAULT", "bombs")) == ("1998-08-07", True, "historical")


def test_time_words_written_beside_an_event_noun(nlp):
    text = ("On the FBI list, they replace two Libyan agents charged in the Dec. 21, 1988, bombing of Pan Am "
            "Flight 103 that killed 259 people.")
    assert _one(_events(nlp, text, "1999-06-07"), "ASSAULT", "killed").date == "1988-12-21"
    text = "The Cypriot government Saturday strongly condemned two terrorist bomb attacks in Kenya and Tanzania Friday."
    events = _events(nlp, text, "1998-08-08")
    assert _one(events, "ASSAULT", "attacks").date == "1998-08-07"  # the attacks' Friday
    assert _one(events, "ACCUSE", "condemned").date == "1998-08-08"  # the condemnation's Saturday


def test_when_clauses_and_clause_prepositions_of_spelled_years(nlp):
    text = ("The city could have used some special protection in nineteen seventy-nine when the Soviet Union "
            "invaded Afghanistan.")
    assert _when(_one(_events(nlp, text, "1998-01-21"), "ASSAULT", "invaded")) == ("1979", True, "historical")
    text = "In nineteen ninety-one Charles Keating was convicted in state court of fraud."
    assert _when(_one(_events(nlp, text, "1998-01-15"), "SANCTION", "convicted")) == ("1991", True, "historical")


def test_mentions_of_one_happening_share_its_date(nlp):
    text = ("Gunmen killed Barnett Slepian in Amherst on Oct. 23. On Monday police arrested a suspect. "
            "Slepian was shot by a sniper.")
    events = _events(nlp, text, "1999-05-06")
    shot = _one(events, "ASSAULT", "shot")
    assert _when(shot) == ("1998-10-23", True, "historical")  # the killing told again, not news of the day
    assert _one(events, "COERCE", "arrested").date == "1999-05-03"
    other = "Gunmen killed Barnett Slepian in Amherst on Oct. 23. Rebels shot three soldiers in Lagos."
    lagos = _one(_events(nlp, other, "1999-05-06"), "ASSAULT", "soldiers")
    assert lagos.date != "1998-10-23" and lagos.modality == "asserted"  # another happening keeps its day


def test_acts_repeated_since_years_back_are_historical(nlp):
    text = "Kopp had been arrested in several states since 1990 for protesting abortion."
    events = _events(nlp, text, "1999-05-06")
    assert _one(events, "COERCE", "arrested").modality == "historical"
    assert _one(events, "PROTEST", "protesting").modality == "historical"  # the reason shares the arrests' time
    text = "Officials say Israeli attacks since October 7 have brought the toll to 28,000."
    assert _one(_events(nlp, text, "2024-02-08"), "ASSAULT", "attacks").modality != "historical"


def test_a_past_act_after_a_dated_sentence_takes_its_day(nlp):
    text = 'Yoon declared martial law on Tuesday to thwart "anti-state forces". But lawmakers rejected the decree.'
    rejected = _one(_events(nlp, text, "2024-12-04"), "REJECT", "rejected")
    assert (rejected.date, rejected.date_resolved) == ("2024-12-03", False)  # the told day, no time word of its own
    now = "Yoon declared martial law on Tuesday. Lawmakers reject the decree."
    assert _one(_events(nlp, now, "2024-12-04"), "REJECT", "reject").date == "2024-12-04"  # the present: today


def test_the_object_of_a_reaction_is_not_dated_by_it(nlp):
    text = ("Gunmen bombed the U.S. embassy in Nairobi on Aug. 7. Iran on Tuesday condemned the bombing of the "
            "embassy in Nairobi.")
    events = _events(nlp, text, "1998-08-13")
    bombing = next(e for e in events if e.plover_type == "ASSAULT" and e.evidence.text == "bombing")
    assert bombing.date == "1998-08-07"  # not the condemnation's Tuesday, the day the bombing was dated


def test_words_that_frame_an_act(nlp):
    thanks = _events(nlp, "Clinton told the crowd: I want to thank the American people.", "2000-06-01")
    assert _one(thanks, "SUPPORT", "thank").modality == "asserted"  # thanked by saying so
    opposed = _events(nlp, "The ruling was likely to be opposed by Elian's Miami relatives.", "2000-02-16")
    assert _one(opposed, "REJECT", "opposed").modality == "hypothetical"
    ready = _events(nlp, "Castro announced that the boy's father is ready to travel to Washington.", "2000-03-30")
    assert any(e.modality == "future" for e in ready if "ready" in e.evidence.text)


def test_a_past_dated_act_under_a_wish_happened(nlp):
    text = "The activist is wanted for questioning in last month's shooting death of a doctor in Buffalo."
    shooting = _one(_events(nlp, text, "1998-11-05"), "ASSAULT", "shooting")
    assert (shooting.date, shooting.modality) == ("1998-10", "asserted")
    text = ("Government officials had threatened to revoke the boy's parole if his great-uncle, Lazaro Gonzalez, "
            "did not sign a document.")
    threat = _one(_events(nlp, text, "2000-03-30"), "THREATEN", "threatened")
    assert threat.modality == "asserted"  # the threat was made; its condition is in its words


def test_a_time_word_of_a_clause_below_is_not_the_events(nlp):
    text = "Rep. Dan Burton said he subpoenaed 6-year-old Elian to testify before the committee on Feb. 10."
    subpoena = _one(_events(nlp, text, "2000-01-07"), "REQUEST", "subpoenaed")
    assert subpoena.date == "2000-01-07" and subpoena.modality == "asserted"  # the hearing is Feb. 10, not the writ


def test_acts_done_a_counted_number_of_times_are_a_record(nlp):
    text = "He has been arrested more than a dozen times during abortion protests in seven states."
    assert _one(_events(nlp, text, "2000-01-24"), "COERCE", "arrested").modality == "historical"
    once = "He has been arrested during abortion protests in seven states."
    assert _one(_events(nlp, once, "2000-01-24"), "COERCE", "arrested").modality == "asserted"
    today = "Defence Minister Rajnath Singh met with military chiefs twice."
    assert _one(_events(nlp, today, "2020-06-16"), "CONSULT", "met").modality == "asserted"  # news of the day


def test_an_attempted_act_is_coded_as_done(nlp):
    text = "Elian's Miami relatives are seeking to block his return to Cuba."
    block = [e for e in _events(nlp, text, "2000-01-07") if "block" in e.evidence.text]
    assert block and all(e.modality == "asserted" for e in block)
    text = "Rebels tried to kill the Chadian president on Monday."
    assert _one(_events(nlp, text, "2000-01-07"), "ASSAULT", "kill").modality == "asserted"


def test_a_retold_happening_takes_the_one_earlier_date_of_its_kind(nlp):
    text = ("Investigators have searched for Kopp since shortly after the Oct. 23 slaying of a doctor in Amherst. "
            "On Thursday he was charged with murder. Slepian, 52, was shot with a rifle.")
    events = _events(nlp, text, "1999-05-06")
    shot = _one(events, "ASSAULT", "shot")
    assert (shot.date, shot.modality) == ("1998-10-23", "historical")
    gaza = ("Hamas attacked Israel on Oct. 7, killing 1,200 people. Israeli strikes killed 20 people in Rafah, "
            "health officials said.")
    strikes = _one(_events(nlp, gaza, "2024-02-08"), "ASSAULT", "strikes")
    assert (strikes.date, strikes.modality) == ("2024-02-08", "asserted")  # other doers, another happening


def test_a_present_perfect_takes_no_time_word_of_long_ago(nlp):
    text = ("Another man has been arrested in connection with the bombings of U.S. embassies in Kenya and Tanzania "
            "last year that killed 224 people, police said today.")
    arrest = _one(_events(nlp, text, "1999-10-08"), "COERCE", "arrested")
    assert (arrest.date, arrest.modality) == ("1999-10-08", "asserted")


def test_an_opening_time_word_and_a_past_readiness(nlp):
    text = ("In the 1960s, with her popular book (it sold more than three million copies), she gave critical "
            "support to the presidential ambitions of Senator Barry Goldwater.")
    support = _one(_events(nlp, text, "2016-09-07"), "SUPPORT", "support")
    assert support.modality == "historical"  # the opening time word dates the whole sentence
    text = "The State Department was told in 2012 that military forces were ready to come to its aid."
    ready = [e for e in _events(nlp, text, "2015-12-09") if "ready" in e.evidence.text]
    assert ready and all(e.modality == "historical" for e in ready)  # told in the past, not a readiness now


def test_a_past_act_after_a_sentence_set_long_ago_takes_its_period(nlp):
    coup = "In July last year, Hun Sen staged a coup against Prince Norodom Ranariddh. "
    fled = _one(_events(nlp, coup + "Ranariddh's loyalists fled the capital.", "1998-02-19"), "SANCTION", "fled")
    assert _when(fled) == ("1997-07", True, "historical")
    elsewhere = _one(_events(nlp, coup + "Rebels fled Lagos.", "1998-02-19"), "SANCTION", "fled")
    assert _when(elsewhere) == ("1998-02-19", False, "asserted")  # another place: not that story
    named = "Hun Sen rules Cambodia. " + coup + "Ranariddh's loyalists fled Cambodia."
    assert _one(_events(nlp, named, "1998-02-19"), "SANCTION", "fled").date == "1997-07"  # the story's country
    weeks = ("On Aug. 7, Bushnell had just ended a news conference in a building beside the embassy. "
             "They were talking when the bomb went off, killing 247 people.")
    assert _when(_one(_events(nlp, weeks, "1998-08-26"), "ASSAULT", "247")) == ("1998-08-07", True, "asserted")


def test_a_clock_time_gives_no_day_taken_from_far_back(nlp):
    text = ("Police found a rifle in Amherst on April 8. Investigators searched the area at 6 a.m. that day. "
            "The search went on for ten days. Officials praised the police. "
            "Slepian was shot to death at 10 p.m. in his kitchen by a sniper.")
    assert not _one(_events(nlp, text, "1999-04-19"), "ASSAULT", "shot").date.startswith("1999-04-08")
    near = "Gunmen killed Barnett Slepian in Amherst on Oct. 23. The sniper was shot dead at 10 p.m."
    assert _one(_events(nlp, near, "1999-04-19"), "ASSAULT", "sniper").date == "1998-10-23T22:00"


def test_a_toll_told_again_takes_its_happenings_day(nlp):
    text = ("Gunmen bombed the U.S. embassy in Nairobi on Friday. On Sunday the FBI arrested a suspect. "
            "The bombings have killed more than 200 people.")
    assert _when(_one(_events(nlp, text, "1998-08-11"), "ASSAULT", "200")) == ("1998-08-07", True, "asserted")
    dots = ("Terrorists bombed the U.S. embassies in Kenya and Tanzania on Aug. 7. The bombings at U.S embassies "
            "in Kenya and Tanzania have killed more than 200 people.")  # "U.S" is "U.S."
    assert _one(_events(nlp, dots, "1998-08-11"), "ASSAULT", "200").date == "1998-08-07"


def test_a_would_reported_in_the_past_is_a_future(nlp):
    text = "South Korean President Yoon Suk Yeol said on Wednesday he would move to lift the martial law declaration."
    lift = _one(_events(nlp, text, "2024-12-05"), "CONCEDE", "lift")
    assert _when(lift) == ("2024-12-04", True, "future")
    maybe = _one(_events(nlp, "Yoon said he could move to lift the martial law declaration.", "2024-12-05"),
                 "CONCEDE", "lift")
    assert maybe.modality == "hypothetical"  # only "would" is a back-shifted "will"


def test_an_act_named_by_a_noun_under_a_wish_happened(nlp):
    text = "Leaders said Europe needs to respond to the Paris attacks."
    assert _one(_events(nlp, text, "2015-11-20"), "ASSAULT", "attacks").modality == "asserted"
    planned = "Leaders said Europe needs to prevent the proposed raid on the camps."
    assert _one(_events(nlp, planned, "2015-11-20"), "COERCE", "raid").modality == "hypothetical"  # its own word


def test_an_act_nobody_did_is_negated(nlp):
    events = _events(nlp, "Police said nobody has been arrested.", "2016-07-29")
    assert _one(events, "COERCE", "arrested").modality == "negated"
    assert _one(_events(nlp, "Police said a man has been arrested.", "2016-07-29"), "COERCE", "arrested").modality \
        == "asserted"
