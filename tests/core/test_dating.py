"""When an event happened: dates from its own clause, or from the clause it is counted from."""

from __future__ import annotations

import pytest

from tests.support.enriching import events_of
from worker.core.enrich import Enricher

pytestmark = pytest.mark.model


def test_a_days_after_clause_is_dated_from_its_main_clause(enricher: Enricher) -> None:
    # Published Tuesday 2025-06-10: the strike is on Monday the 9th, the sacking two days before.
    body = "Teachers went on strike in Kano on Monday, two days after the governor sacked the mayor of the city."
    dates = {e["trigger"]["text"]: e["date"]["value"] for e in events_of(enricher, body)}
    assert dates == {"went on strike": "2025-06-09", "sacked": "2025-06-07"}


def test_a_date_in_a_perfect_relative_clause_is_background(enricher: Enricher) -> None:
    # Published Tuesday 2025-06-10: the arrest "hours later" follows the dispersal on Tuesday,
    # not the students' march on Sunday night.
    body = (
        "Riot police broke up a sit-in by students who had marched to the ministry in Accra on Sunday night. "
        "A union leader was detained at his home in Accra hours later."
    )
    dates = {e["trigger"]["text"]: e["date"]["value"] for e in events_of(enricher, body)}
    assert dates["detained"] == "2025-06-10"


@pytest.mark.parametrize(
    "body",
    [
        # "that year" points back to the last year named: the bombing is 2016's, not news.
        "Militants struck the capital repeatedly in 2016. "
        "A car bomb killed 30 people at a bus depot in Mogadishu later that year.",
        # A month the model tags without "that year" is in that year too.
        "The port was attacked twice in 2016, and in May that year a car bomb killed 30 people at its gate in Kismayo.",
        # A "when" clause on a period named by its year happened in that year.
        "Residents of Kalma fear a repeat of the 2016 unrest, when more than 30 people were killed in the camp.",
    ],
)
def test_a_year_named_before_dates_what_points_back_to_it(enricher: Enricher, body: str) -> None:
    assert events_of(enricher, body) == []


def test_without_a_past_year_named_that_year_dates_nothing(enricher: Enricher) -> None:
    # Guard: no year named before, so the car bomb keeps the story's own day.
    body = "A car bomb killed 30 people at a bus depot in Mogadishu on Monday, police said."
    [event] = events_of(enricher, body)
    assert event["date"]["value"] == "2025-06-09"
