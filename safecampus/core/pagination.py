"""The one pagination every API list uses: page numbers with bounded input.

Without a bound a huge `page` reaches the database as an OFFSET it cannot hold and the answer
is a 500; with one it is a 422 like any other bad parameter.
"""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 200


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size=50, **kwargs):
        # The bound above is the largest page served: no request is cut down silently.
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)
