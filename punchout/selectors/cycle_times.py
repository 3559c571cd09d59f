"""How long things take: average and median durations between two moments of the same rows,
overall and per department, in one query (the spend dashboard's cycle times)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

NO_DEPARTMENT = _("No department")


@dataclass(frozen=True)
class CycleTimes:
    count: int
    average: timedelta | None
    median: timedelta | None

    @property
    def average_hours(self) -> Decimal | None:
        return _hours(self.average)

    @property
    def median_hours(self) -> Decimal | None:
        return _hours(self.median)


@dataclass(frozen=True)
class DepartmentCycle:
    department: str
    times: CycleTimes


@dataclass(frozen=True)
class CycleFigure:
    overall: CycleTimes
    by_department: list[DepartmentCycle]


def _duration(start: str, end: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def cycle_times(queryset: QuerySet, *, start: str, end: str, department: str) -> CycleFigure:
    """Average and median of `end − start`, overall and per department, in one query.

    Window functions number the rows by duration, per department and overall; only the one
    or two middle rows of each come back, carrying their partition's average and size, so
    memory does not grow with the rows either.
    """
    duration = _duration(start, end)
    per_department = {"partition_by": [F(f"{department}_id")]}
    rows = (queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False}).order_by()
            .annotate(duration=duration,
                      dept_rank=Window(RowNumber(), order_by=duration.asc(), **per_department),
                      dept_size=Window(Count("pk"), **per_department),
                      dept_average=Window(Avg(duration), **per_department),
                      all_rank=Window(RowNumber(), order_by=duration.asc()),
                      all_size=Window(Count("pk")),
                      all_average=Window(Avg(duration)))
            .filter(_middle("dept_rank", "dept_size") | _middle("all_rank", "all_size"))
            .values("duration", "dept_rank", "dept_size", "dept_average", "all_rank",
                    "all_size", "all_average", name=F(f"{department}__name")))
    overall: list[dict] = []
    departments: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if _is_middle(row["all_rank"], row["all_size"]):
            overall.append(row)
        if _is_middle(row["dept_rank"], row["dept_size"]):
            departments[row["name"] or str(NO_DEPARTMENT)].append(row)
    return CycleFigure(
        overall=_cycle(overall, size="all_size", average="all_average"),
        by_department=[DepartmentCycle(name, _cycle(middle, size="dept_size",
                                                    average="dept_average"))
                       for name, middle in sorted(departments.items())])


def _middle(rank: str, size: str) -> Q:
    # Integer division: rows (n+1)//2 .. (n+2)//2 are the middle one (odd n) or two (even n).
    return Q(**{f"{rank}__gte": (F(size) + 1) / 2, f"{rank}__lte": (F(size) + 2) / 2})


def _is_middle(rank: int, size: int) -> bool:
    return (size + 1) // 2 <= rank <= (size + 2) // 2


def _cycle(middle: list[dict], *, size: str, average: str) -> CycleTimes:
    if not middle:
        return CycleTimes(count=0, average=None, median=None)
    median = sum((row["duration"] for row in middle), timedelta()) / len(middle)
    return CycleTimes(count=middle[0][size], average=_seconds(middle[0][average]),
                      median=_seconds(median))


def _seconds(value: timedelta) -> timedelta:
    return timedelta(seconds=round(value.total_seconds()))


def _hours(value: timedelta | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.total_seconds()) / 3600).quantize(Decimal("0.1"),
                                                            rounding=ROUND_HALF_UP)
