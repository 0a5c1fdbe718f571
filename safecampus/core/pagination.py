"""The one pagination every API list uses: page numbers with bounded input, and a capped count.

Without a bound a huge `page` reaches the database as an OFFSET it cannot hold and the answer
is a 500; with one it is a 422 like any other bad parameter.

The count is exact up to COUNT_CAP rows and stops there (`count_capped` says so): an exact count
of a city's 170,000 closed hazards reads every one of them on every page, while the page itself
reads only its own rows through an index. A client pages on with `page` until `items` is empty.
"""

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 200
COUNT_CAP = 10_000


def capped_count(rows):
    """How many rows there are, counting no further than COUNT_CAP + 1 (more than the cap)."""
    if isinstance(rows, QuerySet):
        return rows.order_by().values("pk")[: COUNT_CAP + 1].count()
    return len(rows)


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description=f"How many items the list has, counted up to {COUNT_CAP:,}: beyond that "
            f"it is {COUNT_CAP:,} and `count_capped` is true."
        )
        count_capped: bool = Field(
            description=f"True when the list has more than {COUNT_CAP:,} items; page on until "
            "`items` is empty."
        )

    def __init__(self, page_size=50, **kwargs):
        # The bound above is the largest page served: no request is cut down silently.
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def _items_count(self, queryset):
        return capped_count(queryset)

    async def _aitems_count(self, queryset):
        if isinstance(queryset, QuerySet):
            return await queryset.order_by().values("pk")[: COUNT_CAP + 1].acount()
        return len(queryset)

    @staticmethod
    def _capped(page):
        count = page["count"]
        return {**page, "count": min(count, COUNT_CAP), "count_capped": count > COUNT_CAP}

    def paginate_queryset(self, queryset, pagination, request, **params):
        return self._capped(super().paginate_queryset(queryset, pagination, request, **params))

    async def apaginate_queryset(self, queryset, pagination, request, **params):
        page = await super().apaginate_queryset(queryset, pagination, request, **params)
        return self._capped(page)
