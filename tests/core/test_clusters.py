"""Cross-article event clusters, pure: enriched records built by hand, no model, no broker."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from worker.core.clustering import (
    assign,
    cluster_flag,
    compare,
    evict,
    independent_groups,
    members_from_record,
    partition_key,
)
from worker.core.clustering.replay import Replay
from worker.core.schemas import load_schema

KABUL = {"name": "Kabul", "country": "AFG", "admin1": "Kabul", "lat": 34.528, "lon": 69.172}
KABUL_PROVINCE = {**KABUL, "lat": 34.64, "lon": 69.18, "precision": "admin1"}
PAGHMAN = {"name": "Paghman", "country": "AFG", "admin1": "Kabul", "lat": 34.588, "lon": 68.951}
JALALABAD = {"name": "Jalalabad", "country": "AFG", "admin1": "Nangarhar", "lat": 34.426, "lon": 70.452}
SUICIDE = ("ASSAULT", "suicide-attack", "Explosions/Remote violence", "Suicide bomb")
CLASH = ("ASSAULT", "firearms", "Battles", "Armed clash")
PROTEST = ("PROTEST", "demo", "Protests", "Peaceful protest")


def count(text: str, low: int | None, high: int | None, best: int | None) -> dict[str, Any]:
    return {"text": text, "min": low, "max": high, "best": best}


def event(
    n: int = 1,
    *,
    place: dict[str, Any] | None = KABUL,
    day: str | None = "2023-05-12",
    precision: str = "day",
    types: tuple[str, str | None, str | None, str | None] = SUICIDE,
    killed: dict[str, Any] | None = None,
    flag: str = "confirmed",
    casualties_status: str | None = None,
    actors: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    confidence: dict[str, Any] = {"flag": flag, "score": 0.8, "sources": [], "cues": []}
    if casualties_status:
        confidence["casualties_status"] = casualties_status
    return {
        "n": n,
        "plover": {"type": types[0], "mode": types[1], "context": []},
        "acled": {"event_type": types[2], "sub_event_type": types[3]},
        "actors": [{"text": a, "name": a, "kind": k, "country": None} for a, k in actors],
        "targets": [],
        "location": None if place is None else {"text": place["name"], "precision": "city", **place},
        "date": None if day is None else {"text": "on Friday", "value": day, "precision": precision},
        "casualties": {"killed": killed, "injured": None, "abducted": None, "arrested": None},
        "confidence": confidence,
    }


def article(
    article_id: str,
    *events: dict[str, Any],
    agencies: list[str] | None = None,
    source: str | None = None,
    published: str | None = "2023-05-12T10:00:00Z",
) -> dict[str, Any]:
    numbered = [{**e, "id": f"{article_id}#{e.pop('n', i + 1)}"} for i, e in enumerate(events)]
    return {
        "schema": "eventwire.enriched/1",
        "article": {
            "id": article_id,
            "published_at": published,
            "headline": f"headline of {article_id}",
            "source": source,
            "dateline": {"place": None, "country": None, "date": None, "agencies": agencies or []},
        },
        "events": numbered,
    }


def rising_tolls() -> list[dict[str, Any]]:
    return [
        article("afp-1", event(killed=count("at least 10", 10, None, 10)), agencies=["AFP"]),
        article(
            "ap-1",
            event(killed=count("12", 12, 12, 12), flag="claimed", casualties_status="confirmed"),
            source="Associated Press",
            published="2023-05-12T13:00:00Z",
        ),
        article(
            "pajhwok-1",
            event(killed=count("at least 15", 15, None, 15)),
            source="Pajhwok",
            published="2023-05-12T16:30:00Z",
        ),
    ]


def test_three_agencies_with_rising_tolls_make_one_confirmed_cluster() -> None:
    replay = Replay().add_all(rising_tolls())

    (cluster,) = replay.latest().values()
    assert [m["article_id"] for m in cluster["members"]] == ["afp-1", "ap-1", "pajhwok-1"]
    assert cluster["independent_sources"] == 3
    assert [s["publishers"] for s in cluster["sources"]] == [["AFP"], ["AP"], ["Pajhwok"]]
    assert cluster["confidence"]["flag"] == "confirmed"
    killed = cluster["casualties"]["killed"]
    assert (killed["min"], killed["max"], killed["best"]) == (15, 15, 15), "never a sum"
    assert killed["latest"]["article_id"] == killed["highest"]["article_id"] == "pajhwok-1"
    assert killed["reports"] == 3
    assert cluster["revision"] == 3
    assert not [e.message for e in Draft202012Validator(load_schema("cluster")).iter_errors(cluster)]


def test_latest_and_highest_toll_differ_when_a_later_report_is_lower_from_the_same_source() -> None:
    records = [
        article("afp-1", event(killed=count("20", 20, 20, 20)), agencies=["AFP"]),
        article(
            "ap-1", event(killed=count("at least 22", 22, None, 22)), agencies=["AP"], published="2023-05-12T11:00:00Z"
        ),
        article("ap-2", event(killed=count("21", 21, 21, 21)), agencies=["AP"], published="2023-05-12T12:00:00Z"),
    ]
    (cluster,) = Replay().add_all(records).latest().values()
    killed = cluster["casualties"]["killed"]
    assert killed["latest"]["article_id"] == "ap-2"
    assert killed["highest"]["article_id"] == "ap-1"
    assert killed["min"] == 22
    assert cluster["confidence"]["flag"] == "confirmed", "AP correcting itself is no conflict"


def test_same_day_attacks_in_two_cities_stay_apart() -> None:
    records = [
        article("afp-kabul", event(killed=count("10", 10, 10, 10)), agencies=["AFP"]),
        article("ap-jalalabad", event(place=JALALABAD, killed=count("10", 10, 10, 10)), agencies=["AP"]),
    ]
    replay = Replay().add_all(records)
    assert len(replay.clusters()) == 2
    assert all(c["independent_sources"] == 1 for c in replay.latest().values())


def test_same_city_days_apart_or_different_family_stays_apart() -> None:
    records = [
        article("afp-fri", event(), agencies=["AFP"]),
        article("ap-mon", event(day="2023-05-15"), agencies=["AP"], published="2023-05-15T09:00:00Z"),
        article("reuters-protest", event(types=PROTEST), agencies=["Reuters"]),
    ]
    assert len(Replay().add_all(records).clusters()) == 3


def test_adjacent_day_and_admin_area_join_with_agreeing_detail() -> None:
    late_thursday = article("afp-1", event(day="2023-05-11"), agencies=["AFP"])
    friday_province = article("ap-1", event(place=KABUL_PROVINCE), agencies=["AP"])
    nearby = article("bbc-1", event(place=PAGHMAN), agencies=["BBC"])
    replay = Replay().add_all([late_thursday, friday_province, nearby])
    (cluster,) = replay.latest().values()
    assert cluster["independent_sources"] == 3
    assert cluster["location"]["name"] == "Kabul" and cluster["location"]["precision"] == "city"
    assert cluster["date"] == {"value": "2023-05-12", "first": "2023-05-11", "last": "2023-05-12"}


def test_a_day_apart_with_nothing_else_in_common_is_not_enough() -> None:
    a = members_from_record(article("a", event(), agencies=["AFP"])).members[0]
    b = members_from_record(article("b", event(day="2023-05-13", types=CLASH), agencies=["AP"])).members[0]
    comparison = compare(a, b)
    assert comparison.compatible and comparison.score < 2.0, comparison


def test_dates_chain_no_further_than_one_day_from_every_member() -> None:
    records = [
        article("a", event(day="2023-05-11"), agencies=["AFP"]),
        article("b", event(day="2023-05-12"), agencies=["AP"]),
        article("c", event(day="2023-05-13"), agencies=["Reuters"]),
    ]
    sizes = sorted(len(c["members"]) for c in Replay().add_all(records).clusters())
    assert sizes == [1, 2]


def test_different_named_groups_are_different_events_but_a_branch_is_its_group() -> None:
    boko = article("a", event(types=CLASH, actors=[("Boko Haram", "armed_group")]), agencies=["AFP"])
    iswap = article(
        "b",
        event(types=CLASH, actors=[("Islamic State West Africa Province", "armed_group")]),
        agencies=["AP"],
    )
    assert len(Replay().add_all([boko, iswap]).clusters()) == 2

    islamic_state = article("c", event(actors=[("Islamic State", "armed_group")]), agencies=["AFP"])
    iskp = article("d", event(actors=[("Islamic State Khorasan Province", "armed_group")]), agencies=["AP"])
    generic = article("e", event(actors=[("gunmen", "armed_group")]), agencies=["Reuters"])
    assert len(Replay().add_all([islamic_state, iskp, generic]).clusters()) == 1


def test_two_events_of_one_article_never_merge() -> None:
    both = article("afp-1", event(1), event(2), agencies=["AFP"])
    other = article("ap-1", event(), agencies=["AP"])
    replay = Replay().add_all([both, other])
    assert sorted(len(c["members"]) for c in replay.clusters()) == [1, 2]


def test_a_replayed_record_changes_nothing() -> None:
    records = rising_tolls()
    replay = Replay().add_all(records)
    before = replay.clusters()
    (result,) = replay.add(records[1])
    assert result.outcome == "duplicate"
    assert replay.clusters() == before
    assert replay.published[-1]["revision"] == 3


def test_a_re_enriched_article_replaces_its_member() -> None:
    records = rising_tolls()
    replay = Replay().add_all(records)
    corrected = article("ap-1", event(killed=count("14", 14, 14, 14)), source="AP",
                        published="2023-05-12T13:00:00Z")  # fmt: skip
    (result,) = replay.add(corrected)
    assert result.outcome == "updated"
    assert result.cluster is not None and len(result.cluster["members"]) == 3
    assert replay.published[-1]["revision"] == 4


def test_independence_is_by_publisher() -> None:
    records = [
        article("afp-1", event(), agencies=["AFP"]),
        article("afp-app", event(), agencies=["AFP", "APP"]),
        article("app-1", event(), agencies=["APP"]),
        article("nobody", event(), published="2023-05-12T11:00:00Z"),
        article("afp-2", event(), source="Agence France-Presse"),
    ]
    (cluster,) = Replay().add_all(records).clusters()
    groups = independent_groups(cluster["members"])
    assert [[m["article_id"] for m in g] for g in groups] == [["afp-1", "afp-app", "app-1", "afp-2"]]
    flag, reasons = cluster_flag(cluster["members"])
    assert flag == "confirmed" and "1 independent source" in reasons[0], (
        "one agency's reports, however many, are one source; the flag is its report's"
    )


def test_one_source_keeps_its_own_flag_and_two_hedged_sources_do_not_confirm() -> None:
    claimed = [
        article("afp-1", event(flag="claimed"), agencies=["AFP"]),
        article("ap-1", event(flag="unconfirmed"), agencies=["AP"]),
    ]
    (cluster,) = Replay().add_all(claimed).latest().values()
    assert cluster["confidence"]["flag"] == "claimed"
    assert cluster["independent_sources"] == 2


def test_conflicting_tolls_from_independent_sources_are_disputed() -> None:
    records = [
        article("afp-1", event(killed=count("at least 30", 30, None, 30)), agencies=["AFP"]),
        article("ap-1", event(killed=count("eight", 8, 8, 8)), agencies=["AP"], published="2023-05-12T15:00:00Z"),
    ]
    (cluster,) = Replay().add_all(records).latest().values()
    assert cluster["confidence"]["flag"] == "disputed"
    assert "AP reports eight killed after AFP reported at least 30" in cluster["confidence"]["reasons"]


def test_a_denied_report_makes_the_cluster_disputed() -> None:
    records = [
        article("afp-1", event(), agencies=["AFP"]),
        article("ap-1", event(flag="disputed"), agencies=["AP"]),
        article("reuters-1", event(), agencies=["Reuters"]),
    ]
    (cluster,) = Replay().add_all(records).latest().values()
    assert cluster["confidence"]["flag"] == "disputed"


def test_a_partys_claimed_toll_is_not_the_credible_toll() -> None:
    records = [
        article("afp-1", event(killed=count("five", 5, 5, 5)), agencies=["AFP"]),
        article("ap-1", event(killed=count("50", 50, 50, 50), flag="claimed"), agencies=["AP"]),
    ]
    (cluster,) = Replay().add_all(records).latest().values()
    killed = cluster["casualties"]["killed"]
    assert (killed["max"], killed["credible"], killed["reports"]) == (5, True, 2)


def test_the_window_evicts_old_clusters_and_refuses_late_members() -> None:
    old, new, late = (
        members_from_record(article(a, event(day=d), agencies=[g])).members[0]
        for a, d, g in [("a", "2023-05-01", "AFP"), ("b", "2023-05-09", "AP"), ("c", "2023-05-01", "EFE")]
    )
    key = partition_key(old)
    first = assign(None, key, old, window_days=7)
    second = assign(first.bucket, key, new, window_days=7)
    assert second.outcome == "created"
    assert second.evicted == (first.cluster["id"],)  # type: ignore[index]
    assert [c["id"] for c in second.bucket["clusters"]] == [second.cluster["id"]]  # type: ignore[index]
    third = assign(second.bucket, key, late, window_days=7)
    assert third.outcome == "late" and third.cluster is None
    assert third.bucket == second.bucket

    kept, evicted = evict(second.bucket, date(2023, 5, 16), 7)
    assert kept is not None and evicted == ()
    gone, evicted = evict(second.bucket, date(2023, 5, 17), 7)
    assert gone is None and evicted == (second.cluster["id"],)  # type: ignore[index]


def test_a_bucket_holds_at_most_max_clusters() -> None:
    bucket = None
    for n in range(5):
        day = f"2023-05-{10 + 2 * n:02d}"
        record = article(f"a{n}", event(day=day), agencies=["AFP"], published=f"{day}T12:00:00Z")
        member = members_from_record(record).members[0]
        result = assign(bucket, partition_key(member), member, window_days=30, max_clusters=3)
        bucket = result.bucket
    assert bucket is not None
    assert [c["members"][0]["article_id"] for c in bucket["clusters"]] == ["a2", "a3", "a4"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"place": None}, "no_location"),
        ({"place": {**KABUL, "precision": "country", "admin1": None}}, "country_only"),
        ({"precision": "week"}, "vague_date"),
    ],
)
def test_events_that_cannot_be_placed_are_skipped(changes: dict[str, Any], reason: str) -> None:
    extraction = members_from_record(article("a", event(**changes), agencies=["AFP"]))
    assert extraction.members == []
    assert [(s.event_id, s.reason) for s in extraction.skipped] == [("a#1", reason)]


def test_an_undated_event_takes_its_report_day() -> None:
    record = article("a", event(day=None), agencies=["AFP"], published="2023-05-12T18:00:00+00:00")
    (member,) = members_from_record(record).members
    assert (member["date"], member["date_source"]) == ("2023-05-12", "report")
    undated = article("b", event(day=None), agencies=["AFP"], published=None)
    assert members_from_record(undated).skipped[0].reason == "no_date"


def test_the_partition_key_is_country_and_admin_area_without_the_date() -> None:
    city = members_from_record(article("a", event(), agencies=["AFP"])).members[0]
    province = members_from_record(
        article("b", event(place=KABUL_PROVINCE, day="2023-05-13"), agencies=["AP"])
    ).members[0]
    assert partition_key(city) == partition_key(province) == "AFG|kabul"
