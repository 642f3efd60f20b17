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
