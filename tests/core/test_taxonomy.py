"""PLOVER -> ACLED rules (lexicons/taxonomy.toml)."""

from __future__ import annotations

import pytest

from worker.core.taxonomy import ACLED_TYPES, Features, acled_type, retype


def _features(plover: str = "ASSAULT", *, trigger_mode: str | None = None, mode: str | None = None,
              groups: tuple[str, ...] = ("attack",), tags: tuple[str, ...] = (),
              actors: tuple[str, ...] = (), targets: tuple[str, ...] = ()) -> Features:  # fmt: skip
    return Features(plover, trigger_mode, mode or trigger_mode, frozenset(groups), frozenset(tags),
                    frozenset(actors), frozenset(targets))  # fmt: skip


def test_acled_has_its_25_sub_event_types() -> None:
    assert len(ACLED_TYPES) == 6
    assert sum(len(v) for v in ACLED_TYPES.values()) == 25


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        (_features(trigger_mode="suicide-attack"), ("Explosions/Remote violence", "Suicide bomb")),
        (_features(trigger_mode="aerial"), ("Explosions/Remote violence", "Air/drone strike")),
        (_features(mode="aerial", actors=("military",), targets=("armed_group",)),
         ("Explosions/Remote violence", "Air/drone strike")),
        (_features(groups=("clash",)), ("Battles", "Armed clash")),
        (_features(actors=("armed_group",), targets=("military",)), ("Battles", "Armed clash")),
        (_features(actors=("armed_group",), targets=("civilians",)), ("Violence against civilians", "Attack")),
        (_features(trigger_mode="explosives", actors=("armed_group",), targets=("police",), tags=("ground",)),
         ("Battles", "Armed clash")),
        (_features(trigger_mode="explosives", targets=("civilians",)),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        (_features(trigger_mode="abduct", mode="abduct"),
         ("Violence against civilians", "Abduction/forced disappearance")),
        (_features(targets=("protesters",), actors=("police",)), ("Protests", "Excessive force against protesters")),
        (_features("PROTEST", mode="demo", groups=("PROTEST",)), ("Protests", "Peaceful protest")),
        (_features("PROTEST", mode="demo", groups=("PROTEST",), tags=("intervention",)),
         ("Protests", "Protest with intervention")),
        (_features("PROTEST", mode="riot", groups=("PROTEST",)), ("Riots", "Violent demonstration")),
        (_features("COERCE", mode="arrest", groups=("arrest",)), ("Strategic developments", "Arrests")),
        (_features(groups=("territory",), actors=("armed_group",)), ("Battles", "Non-state actor overtakes territory")),
        (_features(groups=("territory",), actors=("military",)), ("Battles", "Government regains territory")),
        (_features("ACCUSE", groups=("ACCUSE",)), (None, None)),
    ],
)  # fmt: skip
def test_rules(features: Features, expected: tuple[str | None, str | None]) -> None:
    acled = acled_type(features)
    assert (acled["event_type"], acled["sub_event_type"]) == expected


def test_trigger_override_wins() -> None:
    acled = acled_type(_features(), ("Strategic developments", "Other"))
    assert acled == {"event_type": "Strategic developments", "sub_event_type": "Other"}


def test_rioting_crowd_is_a_protest() -> None:
    features = retype(_features("COERCE", mode="destroy", groups=("destroy",), actors=("protesters",)))
    assert (features.plover, features.mode) == ("PROTEST", "riot")
    assert acled_type(features)["event_type"] == "Riots"
