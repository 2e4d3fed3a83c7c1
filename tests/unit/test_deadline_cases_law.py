"""Hand-worked cases of the rules as the texts say them, against the OFFICIAL 2025/2026 calendar.

Every expected value was worked out by hand (not by running the code) from the calendar facts
and the quoted text. Office hours are the default 07:00-11:30 and 13:30-17:00 unless a case says
otherwise. Calendar facts (resources/calendar/vn-2025.json, vn-2026.json):

2025: Wed 1/1; Tết Sat 25/1-Sun 2/2 (8726/VPCP-KGVX); Giỗ Tổ Mon 7/4; Wed 30/4, Thu 1/5, Fri 2/5
      off with Sat 26/4 worked; Quốc khánh Mon 1/9, Tue 2/9.
2026: Thu 1/1 and Fri 2/1 off, Sat 10/1 worked (12729/VPCP-KGVX, 25/12/2025); Tết Mon 16/2-Fri
      20/2 (9441/TB-BNV); Giỗ Tổ Sun 26/4 -> Mon 27/4; Thu 30/4, Fri 1/5; Sat 22/8 worked, Mon
      31/8, Tue 1/9, Wed 2/9 off; Tue 24/11 a working day (no text makes it a day off).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.deadlines import DeadlineCalculator, WarningLevel
from counter_app.domain.enums import Channel
from counter_app.domain.office_hours import OfficeHours, Season, parse_week
from counter_app.domain.official_calendar import load_official_years
from counter_app.domain.online import online_acceptance, online_acceptance_warning
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.domain.rules import RuleSet, get_rule_set
from counter_app.domain.vntime import VN_TZ
from counter_app.resources import resource_path
from counter_app.services.catalogue import sample_catalogue

OFFICIAL = load_official_years(resource_path("calendar"))
CAL = WorkingCalendar(official=OFFICIAL)
RULES = get_rule_set("nd118-2025")
UNITS = {
    "d": TimeUnit.WORKING_DAYS,
    "h": TimeUnit.WORKING_HOURS,
    "s": TimeUnit.SAME_DAY,
    "c": TimeUnit.CALENDAR_DAYS,
}

# The texts quoted by the cases.
BG_16_1 = (
    "Bắc Giang Art. 16.1: 'Trường hợp thời điểm nhập hồ sơ sau 15 giờ thì thời điểm tiếp nhận hồ "
    "sơ được tính là thời điểm bắt đầu từ ngày, giờ hành chính của ngày làm việc kế tiếp.'"
)
VPCP_12729 = "12729/VPCP-KGVX 25/12/2025: nghỉ Thu 01/01-Sun 04/01/2026, Fri 02/01 -> Sat 10/01"
BNV_9441 = "9441/TB-BNV 16/10/2025: Tết Mon 16/02-Fri 20/02/2026; Quốc khánh 31/8-2/9, làm bù 22/8"
VPCP_8726 = "8726/VPCP-KGVX 26/11/2024: Tết 25/01-02/02/2025; 2/5/2025 -> 26/4/2025; 1-2/9/2025"
BLLD_112 = "Bộ luật Lao động 2019 Art. 112 (1/1, Giỗ Tổ 10/3 âm lịch, 30/4, 1/5, 2/9 + 1 ngày)"
BLLD_112_3 = (
    "Bộ luật Lao động 2019 Art. 112.3: a holiday on a weekly rest day is taken the next day"
)
BLDS_148 = (
    "Bộ luật Dân sự 2015 Art. 148: 'ngày cuối cùng của thời hạn là ngày nghỉ … thì thời hạn kết "
    "thúc tại thời điểm kết thúc ngày làm việc tiếp theo'"
)
SAME_DAY_1001193 = (
    "1.001193: 'nếu tiếp nhận hồ sơ sau 15 giờ thì … trả kết quả … trong ngày làm việc tiếp theo'"
)
NO_2411 = "24/11/2026: NQ 80-NQ/TW states a policy only; no legal text makes it a day off"
DAY_NOT_480 = "issue 6 §2: 'A working day is a day, not 480 minutes' (N days land on the Nth day)"


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def calc(hours: OfficeHours | None = None, rules: RuleSet = RULES) -> DeadlineCalculator:
    return DeadlineCalculator(CAL, hours or OfficeHours.default(), rules)


DEFAULT = calc()

# (received, unit, n, expected clock start, expected due, source text)
CASES: list[tuple[str, str, int, str, str, str]] = [
    # -- New Year 2026 swap ---------------------------------------------------------------
    # Wed 31/12 11:00: Thu 1/1 and Fri 2/1 off, weekend -> Mon 5/1 11:00 (the package: Fri 2/1).
    ("2025-12-31T11:00", "d", 1, "2025-12-31T11:00", "2026-01-05T11:00", VPCP_12729),
    # Fri 9/1 10:00 + 1 -> the worked Saturday 10/1 10:00.
    ("2026-01-09T10:00", "d", 1, "2026-01-09T10:00", "2026-01-10T10:00", VPCP_12729),
    # Fri 9/1 15:30 is after 15 giờ: counted from Sat 10/1 07:00 (a full working day) -> 17:00.
    ("2026-01-09T15:30", "d", 1, "2026-01-10T07:00", "2026-01-10T17:00", VPCP_12729),
    # Tue 30/12/2025 10:00 + 3: Wed 31/12, Mon 5/1, Tue 6/1 -> Tue 6/1 10:00.
    ("2025-12-30T10:00", "d", 3, "2025-12-30T10:00", "2026-01-06T10:00", VPCP_12729),
    # Received on the worked Saturday 10/1 09:00 + 2: Mon 12/1, Tue 13/1 09:00.
    ("2026-01-10T09:00", "d", 2, "2026-01-10T09:00", "2026-01-13T09:00", VPCP_12729),
    # Wed 31/12 16:00 + 2 working hours: clock from Mon 5/1 07:00 -> 09:00.
    ("2025-12-31T16:00", "h", 2, "2026-01-05T07:00", "2026-01-05T09:00", VPCP_12729),
    # 4 calendar days from Mon 29/12/2025 -> Fri 2/1/2026, a day off -> end of Mon 5/1.
    ("2025-12-29T09:00", "c", 4, "2025-12-29T09:00", "2026-01-05T17:00", BLDS_148),
    # -- Tết 2026 ----------------------------------------------------------------------------
    ("2026-02-13T10:00", "d", 1, "2026-02-13T10:00", "2026-02-23T10:00", BNV_9441),
    # Fri 13/2 at 15:00 (the slip's minute) still counts that day -> Mon 23/2 15:00.
    ("2026-02-13T15:00", "d", 1, "2026-02-13T15:00", "2026-02-23T15:00", BG_16_1),
    # 15:01 is after 15 giờ -> Mon 23/2 07:00 -> 17:00.
    ("2026-02-13T15:01", "d", 1, "2026-02-23T07:00", "2026-02-23T17:00", BG_16_1),
    # Same day at 15:00 -> 17:00 that day; at 15:01 -> within the next working day, Mon 23/2.
    ("2026-02-13T15:00", "s", 0, "2026-02-13T15:00", "2026-02-13T17:00", SAME_DAY_1001193),
    ("2026-02-13T15:01", "s", 0, "2026-02-23T07:00", "2026-02-23T17:00", SAME_DAY_1001193),
    # 7 calendar days from Mon 9/2 -> Mon 16/2, Tết -> end of Mon 23/2.
    ("2026-02-09T09:00", "c", 7, "2026-02-09T09:00", "2026-02-23T17:00", BLDS_148),
    # -- Giỗ Tổ ------------------------------------------------------------------------------
    # Fri 4/4/2025 at 15:00 counts that day; Mon 7/4 off -> Tue 8/4 15:00.
    ("2025-04-04T15:00", "d", 1, "2025-04-04T15:00", "2025-04-08T15:00", BLLD_112),
    # 2026: Sun 26/4 taken on Mon 27/4 -> Fri 24/4 10:00 + 1 -> Tue 28/4 10:00.
    ("2026-04-24T10:00", "d", 1, "2026-04-24T10:00", "2026-04-28T10:00", BLLD_112_3),
    # Wed 22/4 + 3: Thu 23, Fri 24, Tue 28 -> 10:00.
    ("2026-04-22T10:00", "d", 3, "2026-04-22T10:00", "2026-04-28T10:00", BLLD_112_3),
    # -- 30/4 - 1/5 --------------------------------------------------------------------------
    # Fri 25/4/2025 + 2: the worked Sat 26/4, Mon 28/4 -> 10:00.
    ("2025-04-25T10:00", "d", 2, "2025-04-25T10:00", "2025-04-28T10:00", VPCP_8726),
    # Tue 29/4/2025 + 1: Wed 30/4-Sun 4/5 off -> Mon 5/5 10:00.
    ("2025-04-29T10:00", "d", 1, "2025-04-29T10:00", "2025-05-05T10:00", VPCP_8726),
    # Wed 29/4/2026 + 1: Thu 30/4, Fri 1/5, weekend -> Mon 4/5 10:00.
    ("2026-04-29T10:00", "d", 1, "2026-04-29T10:00", "2026-05-04T10:00", BLLD_112),
    # 9 calendar days from Tue 21/4/2026 -> Thu 30/4 off -> end of Mon 4/5.
    ("2026-04-21T09:00", "c", 9, "2026-04-21T09:00", "2026-05-04T17:00", BLDS_148),
    # -- 2/9 -----------------------------------------------------------------------------------
    # Fri 29/8/2025 + 1: Mon 1/9, Tue 2/9 off -> Wed 3/9 10:00.
    ("2025-08-29T10:00", "d", 1, "2025-08-29T10:00", "2025-09-03T10:00", VPCP_8726),
    # Fri 21/8/2026 15:01 -> the worked Saturday 22/8 07:00 -> 17:00.
    ("2026-08-21T15:01", "d", 1, "2026-08-22T07:00", "2026-08-22T17:00", BNV_9441),
    # Fri 28/8/2026 + 1: Mon 31/8-Wed 2/9 off -> Thu 3/9 10:00.
    ("2026-08-28T10:00", "d", 1, "2026-08-28T10:00", "2026-09-03T10:00", BNV_9441),
    # 5 calendar days from Thu 27/8/2026 -> Tue 1/9 off -> end of Thu 3/9.
    ("2026-08-27T09:00", "c", 5, "2026-08-27T09:00", "2026-09-03T17:00", BLDS_148),
    # -- 24/11/2026 is a working day ---------------------------------------------------------
    ("2026-11-23T09:00", "d", 1, "2026-11-23T09:00", "2026-11-24T09:00", NO_2411),
    # -- the 15:00 minute ----------------------------------------------------------------------
    # 15:00:59 is still the minute 15:00 on the slip: counts from itself.
    ("2026-03-11T15:00:59", "d", 1, "2026-03-11T15:00:59", "2026-03-12T15:00:59", BG_16_1),
    # 15:00 + 2 working hours -> 17:00; 15:01 + 2 -> Thu 07:00 + 2 = 09:00.
    ("2026-03-11T15:00", "h", 2, "2026-03-11T15:00", "2026-03-11T17:00", BG_16_1),
    ("2026-03-11T15:01", "h", 2, "2026-03-12T07:00", "2026-03-12T09:00", BG_16_1),
]


@pytest.mark.parametrize(
    ("received", "unit", "n", "start", "due", "source"),
    CASES,
    ids=[f"{c[0]}+{c[2]}{c[1]}" for c in CASES],
)
def test_official_calendar_case(
    received: str, unit: str, n: int, start: str, due: str, source: str
) -> None:
    assert source  # every case names its text
    pt = ProcessingTime(n, UNITS[unit])
    assert DEFAULT.clock_start(vn(received)) == vn(start)
    assert DEFAULT.due(vn(received), pt) == vn(due)


def test_the_package_alone_would_be_wrong_on_these_days() -> None:
    package = DeadlineCalculator(WorkingCalendar(), OfficeHours.default(), RULES)
    one = ProcessingTime.working_days(1)
    # Without the official data: Fri 2/1/2026 counted as a working day, 24/11 as a day off.
    assert package.due(vn("2025-12-31T11:00"), one) == vn("2026-01-02T11:00")
    assert package.due(vn("2026-11-23T09:00"), one) == vn("2026-11-25T09:00")


def test_cutoff_exclusive_rule_set_is_a_parameter() -> None:
    from dataclasses import replace

    strict = calc(rules=replace(RULES, cutoff_inclusive=False))
    # With the comparison made on the instant, 15:00:00 is already after the cutoff.
    assert strict.clock_start(vn("2026-03-11T15:00")) == vn("2026-03-12T07:00")
    assert DEFAULT.clock_start(vn("2026-03-11T15:00")) == vn("2026-03-11T15:00")
    assert RULES.cutoff_inclusive and RULES.cutoff == time(15, 0)


# -- a working day is a day ------------------------------------------------------------------


def week(*day: str, saturday: tuple[str, ...] = (), friday: tuple[str, ...] = ()) -> OfficeHours:
    periods = {d: list(day) for d in range(4)} | {4: list(friday or day)}
    if saturday:
        periods[5] = list(saturday)
    return OfficeHours.from_strings(periods)


SEVEN_HALF = week("07:30-11:30", "13:00-16:30")  # 240 + 210 = 450 minutes
SHORT_FRIDAY = week("07:00-11:30", "13:30-17:00", friday=("07:00-11:30",))
SATURDAY_OFFICE = week("07:00-11:30", "13:30-17:00", saturday=("07:00-11:30",))
WINTER = Season(
    "winter", (10, 15), (4, 14), parse_week({d: ["08:00-12:00", "13:00-17:00"] for d in range(5)})
)
SEASONAL = OfficeHours(OfficeHours.default().periods, seasons=(WINTER,))

HOURS_CASES: list[tuple[OfficeHours, str, int, str, str]] = [
    # 7.5 h day: Wed 11/3 09:32 + 5 -> Wed 18/3 09:32 (5 x 480 minutes would drift to Thu 19/3).
    (SEVEN_HALF, "2026-03-11T09:32", 5, "2026-03-18T09:32", DAY_NOT_480),
    # 7.5 h day: from the opening 07:30 one day ends at 16:30 the same day.
    (SEVEN_HALF, "2026-03-11T07:30", 1, "2026-03-11T16:30", DAY_NOT_480),
    # 7.5 h day, Fri 13/3 12:00 (lunch): clock at 13:00 = after the morning (11:30) -> Mon 11:30.
    (SEVEN_HALF, "2026-03-13T12:00", 1, "2026-03-16T11:30", DAY_NOT_480),
    # 7.5 h day over Tết 2026: Fri 13/2 14:00 + 2 -> Mon 23/2, Tue 24/2 14:00.
    (SEVEN_HALF, "2026-02-13T14:00", 2, "2026-02-24T14:00", BNV_9441),
    # Friday morning only: Thu 12/3 14:00 + 1 -> Fri 13/3, 14:00 is after its 11:30 close -> 11:30.
    (SHORT_FRIDAY, "2026-03-12T14:00", 1, "2026-03-13T11:30", DAY_NOT_480),
    # ... and + 2 -> Mon 16/3 14:00 (no drift by Friday's missing afternoon).
    (SHORT_FRIDAY, "2026-03-12T14:00", 2, "2026-03-16T14:00", DAY_NOT_480),
    # Friday morning only, received Sat 14/3: clock Mon 07:00 (an opening) -> Mon counts whole
    # -> Mon 17:00 (not Friday's 11:30 closing carried over to Monday).
    (SHORT_FRIDAY, "2026-03-14T10:00", 1, "2026-03-16T17:00", DAY_NOT_480),
    # Saturday-morning office: received Sat 14/3 10:00 -> clock Mon 07:00; 2 days -> Tue 17:00.
    (SATURDAY_OFFICE, "2026-03-14T10:00", 2, "2026-03-17T17:00", DAY_NOT_480),
    # Saturday-morning office on the worked Sat 10/1/2026: a full standard day (07:00-17:00).
    (SATURDAY_OFFICE, "2026-01-09T14:00", 1, "2026-01-10T14:00", VPCP_12729),
    # Seasons: summer Wed 14/10/2026 14:00 + 1 -> winter Thu 15/10 14:00 (inside 13:00-17:00).
    (SEASONAL, "2026-10-14T14:00", 1, "2026-10-15T14:00", DAY_NOT_480),
    # Summer lunch receipt Wed 14/10 12:30 -> clock 13:30 = 11:30 -> winter Thu 11:30.
    (SEASONAL, "2026-10-14T12:30", 1, "2026-10-15T11:30", DAY_NOT_480),
    # Summer 07:10 -> winter day opens 08:00: clamped to Thu 15/10 08:00.
    (SEASONAL, "2026-10-14T07:10", 1, "2026-10-15T08:00", DAY_NOT_480),
    # Winter Tue 14/4/2026 09:00 (last winter day) + 1 -> summer Wed 15/4 09:00.
    (SEASONAL, "2026-04-14T09:00", 1, "2026-04-15T09:00", DAY_NOT_480),
    # Winter 12:30 (lunch 12:00-13:00) Tue 14/4 -> clock 13:00 = 12:00 -> summer Wed: 12:00 is in
    # the 11:30-13:30 gap -> the end of the morning, 11:30.
    (SEASONAL, "2026-04-14T12:30", 1, "2026-04-15T11:30", DAY_NOT_480),
]


@pytest.mark.parametrize(
    ("hours", "received", "n", "due", "source"),
    HOURS_CASES,
    ids=[f"{c[1]}+{c[2]}d-{i}" for i, c in enumerate(HOURS_CASES)],
)
def test_working_day_is_a_day(
    hours: OfficeHours, received: str, n: int, due: str, source: str
) -> None:
    assert source
    assert calc(hours).due(vn(received), ProcessingTime.working_days(n)) == vn(due)


def test_seven_and_a_half_hour_day_warning_uses_its_own_day() -> None:
    c = calc(SEVEN_HALF)
    due = vn("2026-03-18T09:32")
    # Exactly 450 working minutes before the due: not yet "less than one working day".
    assert c.warning(due, vn("2026-03-17T09:32")) is WarningLevel.NORMAL
    assert c.warning(due, vn("2026-03-17T09:33")) is WarningLevel.DUE_SOON
    assert c.minutes_per_day == 450


# -- per-channel processing times --------------------------------------------------------------

CATALOGUE = {p.code: p for p in sample_catalogue()}


@pytest.mark.parametrize(
    ("code", "channel", "n", "due"),
    [
        # 1.013831 'Trực tuyến 18 …; Dịch vụ bưu chính 4 Ngày làm việc; Trực tiếp 18 Ngày làm việc'
        ("1.013831", Channel.POSTAL, 4, "2026-03-20T09:00"),
        ("1.013831", Channel.DIRECT, 18, "2026-04-09T09:00"),
        # 1.012783 'Trực tuyến 15 …; Dịch vụ bưu chính 20 …; Trực tiếp 5 Ngày làm việc'
        ("1.012783", Channel.ONLINE, 15, "2026-04-06T09:00"),
        ("1.012783", Channel.POSTAL, 20, "2026-04-13T09:00"),
        ("1.012783", Channel.DIRECT, 5, "2026-03-23T09:00"),
    ],
)
def test_per_channel_time(code: str, channel: Channel, n: int, due: str) -> None:
    pt = CATALOGUE[code].processing.time_for(channel)
    assert pt == ProcessingTime.working_days(n)
    # Received Mon 16/3/2026 09:00.
    assert DEFAULT.due(vn("2026-03-16T09:00"), pt) == vn(due)


def test_channel_times_keep_the_published_wording() -> None:
    rule = CATALOGUE["1.012812"].processing
    assert rule.time_for(Channel.POSTAL) == ProcessingTime.calendar_days(30)
    assert rule.time_for(Channel.DIRECT) == ProcessingTime.calendar_days(40)
    assert rule.time_for(Channel.ONLINE) == rule.time  # not published: the general time
    assert rule.by_channel["Dịch vụ bưu chính"] == "30 Ngày"
    assert [t.published for t in rule.channel_times] == [
        "Trực tiếp 40 Ngày",
        "Dịch vụ bưu chính 30 Ngày",
    ]
    # A procedure without per-channel times: the same for every channel.
    plain = CATALOGUE["1.004222"].processing
    assert {plain.time_for(c) for c in Channel} == {plain.time}


# -- online dossiers: the acceptance clock ----------------------------------------------------

HA_NAM = (
    "Hà Nam: 'trong thời gian tối đa không quá 08 giờ làm việc kể từ thời điểm tổ chức, cá nhân "
    "nộp hồ sơ trực tuyến thành công. Trong trường hợp nộp hồ sơ trực tuyến ngoài giờ làm việc thì "
    "thời điểm để tính thời gian tiếp nhận hồ sơ được tính từ giờ làm việc kế tiếp.'"
)
HA_NOI = (
    "Hà Nội: 'trong thời gian tối đa không quá 02 giờ làm việc kể từ thời điểm người sử dụng nộp "
    "hồ sơ trực tuyến thành công. Trong trường hợp nộp hồ sơ trực tuyến ngoài giờ làm việc thì "
    "thời điểm để tính thời gian tiếp nhận hồ sơ được tính từ giờ làm việc theo quy định.'"
)
GO_DAU = (
    "Gò Dầu: 'không quá 08 giờ làm việc … Trong trường hợp nộp hồ sơ trực tuyến ngoài giờ làm việc "
    "thì thời điểm để tính thời gian tiếp nhận hồ sơ không được quá 01 giờ kể từ giờ làm việc kế "
    "tiếp.'"
)


def online_rules(hours: int, delay: int = 0) -> DeadlineCalculator:
    from dataclasses import replace

    return calc(
        rules=replace(
            RULES, online_acceptance_minutes=hours * 60, online_offhours_delay_minutes=delay
        )
    )


ONLINE_CASES: list[tuple[str, int, int, str, str, str]] = [
    # (submitted, hours, delay, clock start, deadline, text)
    # 15:30 inside hours, no 15:00 cutoff: 90 min to 17:00, 390 left: Thu morning 270, 120 -> 15:30.
    ("2026-03-11T15:30", 8, 0, "2026-03-11T15:30", "2026-03-12T15:30", HA_NAM),
    # Saturday evening: from Mon 07:00; 8 h -> Mon 17:00.
    ("2026-03-14T20:00", 8, 0, "2026-03-16T07:00", "2026-03-16T17:00", HA_NAM),
    # Lunch 12:15: from 13:30; 210 to 17:00, 270 -> Thu 11:30.
    ("2026-03-11T12:15", 8, 0, "2026-03-11T13:30", "2026-03-12T11:30", HA_NAM),
    # Hà Nội 2 h: 10:00 -> 90 min to 11:30, 30 -> 14:00.
    ("2026-03-11T10:00", 2, 0, "2026-03-11T10:00", "2026-03-11T14:00", HA_NOI),
    # Hà Nội 16:30: 30 min to 17:00, 90 -> Thu 08:30.
    ("2026-03-11T16:30", 2, 0, "2026-03-11T16:30", "2026-03-12T08:30", HA_NOI),
    # Hà Nội on New Year's Day 2026: Fri 2/1 off too -> Mon 5/1 07:00 -> 09:00.
    ("2026-01-01T09:00", 2, 0, "2026-01-05T07:00", "2026-01-05T09:00", HA_NOI),
    # Gò Dầu, Fri 13/2/2026 18:00 before Tết: next working hour Mon 23/2 07:00, + 1 h -> 08:00;
    # 8 h -> Tue 24/2 08:00.
    ("2026-02-13T18:00", 8, 60, "2026-02-23T08:00", "2026-02-24T08:00", GO_DAU),
    # Gò Dầu inside hours: the delay does not apply -> Thu 09:00.
    ("2026-03-11T09:00", 8, 60, "2026-03-11T09:00", "2026-03-12T09:00", GO_DAU),
]


@pytest.mark.parametrize(
    ("submitted", "hours", "delay", "start", "deadline", "source"),
    ONLINE_CASES,
    ids=[f"{c[0]}-{c[1]}h" for c in ONLINE_CASES],
)
def test_online_acceptance_clock(
    submitted: str, hours: int, delay: int, start: str, deadline: str, source: str
) -> None:
    assert source
    acceptance = online_acceptance(online_rules(hours, delay), vn(submitted))
    assert acceptance.clock_start == vn(start)
    assert acceptance.deadline == vn(deadline)


@pytest.mark.parametrize(
    ("now", "level"),
    [
        ("2026-03-11T13:30", WarningLevel.NORMAL),  # 30 of 120 min left: a quarter, not less
        ("2026-03-11T13:35", WarningLevel.DUE_SOON),  # 25 left
        ("2026-03-11T14:00", WarningLevel.DUE_SOON),  # 0 left, not yet past
        ("2026-03-11T14:01", WarningLevel.OVERDUE),
    ],
)
def test_online_acceptance_warning(now: str, level: WarningLevel) -> None:
    # Hà Nội: submitted 10:00, accept by 14:00.
    assert online_acceptance_warning(online_rules(2), vn("2026-03-11T10:00"), vn(now)) is level


def test_the_rule_set_default_is_eight_working_hours() -> None:
    assert RULES.online_acceptance_minutes == 480 and RULES.online_offhours_delay_minutes == 0


def test_there_are_enough_law_cases() -> None:
    assert len(CASES) + len(HOURS_CASES) + len(ONLINE_CASES) >= 45


def test_official_facts() -> None:
    assert not CAL.is_working_day(date(2026, 1, 2)) and CAL.is_working_day(date(2026, 1, 10))
    assert CAL.is_working_day(date(2026, 11, 24))
    assert CAL.source_of(date(2026, 1, 2)) == "official"
    assert CAL.source_of(date(2027, 1, 1)) == "package"
    assert OFFICIAL[2026].days_off[date(2026, 1, 2)].decided_by.number == "12729/VPCP-KGVX"
