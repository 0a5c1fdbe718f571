"""The JSON API at /api/v1/: session or token auth, OpenAPI at /api/v1/docs."""

from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from safecampus.assessment.api import router as assessment_router
from safecampus.casework.api import router as casework_router
from safecampus.core.api import router as core_router
from safecampus.core.errors import DomainError, InvalidFields, PermissionRefused
from safecampus.core.pagination import COUNT_CAP, MAX_PAGE, MAX_PAGE_SIZE
from safecampus.core.services.tokens import user_for_key
from safecampus.defences.api import router as defences_router
from safecampus.education.api import router as education_router
from safecampus.emergencies.api import router as emergencies_router
from safecampus.gate.api import router as gate_router
from safecampus.hazards.api import router as hazards_router
from safecampus.inspections.api import router as inspections_router
from safecampus.patrols.api import router as patrols_router
from safecampus.reports.api import router as reports_router
from safecampus.risks.api import router as risks_router
from safecampus.students.api import router as students_router
from safecampus.supervision.api import router as supervision_router
from safecampus.transport.api import router as transport_router


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_key(token)
        if user is not None:
            request.user = user
        return user


class HeaderToken(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request, key):
        user = user_for_key(key or "")
        if user is not None:
            request.user = user
        return user


class SafeCampusAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        """Named after the app's API, not the module of its `api/` package the endpoint sits
        in: splitting a router by concept renames no operation a client was generated from."""
        module = operation.view_func.__module__
        if ".api." in module:
            module = module.split(".api.")[0] + ".api"
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The generated spec, with the error answers every operation can give documented, so a
        client knows the shape of a refusal as well as of a success."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"].update(ERROR_SCHEMAS)
        for item in schema["paths"].values():
            for operation in item.values():
                for code in error_codes(operation):
                    operation["responses"].setdefault(code, ERROR_RESPONSES[code])
        return schema


def error_ref(name):
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


ERROR_SCHEMAS = {
    "Error": {
        "title": "Error",
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "title": "ValidationErrors",
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "loc": {"type": "array", "items": {}},
                        "msg": {"type": "string"},
                        "type": {"type": "string"},
                    },
                },
            }
        },
        "required": ["detail"],
    },
}

ERROR_RESPONSES = {
    400: {"description": "Refused: the request breaks a rule of the record", **error_ref("Error")},
    401: {"description": "No valid session, token or device key", **error_ref("Error")},
    403: {"description": "The person may not do this here", **error_ref("Error")},
    404: {"description": "Not found, or outside the person's scope", **error_ref("Error")},
    422: {"description": "An input failed validation", **error_ref("ValidationErrors")},
}


def error_codes(operation):
    """The refusals an operation can answer: every operation may meet bad input (400, 422) and
    an unknown id; only guarded operations answer 401 and 403."""
    codes = [400, 404, 422]
    if operation.get("security"):
        codes += [401, 403]
    return codes


DESCRIPTION = f"""
The JSON API of SafeCampus: every action of the pages, for phones, devices and other systems.
Sign in with a token (`Authorization: Bearer <key>` or `X-API-Key`) or a browser session.

**Lists** are paginated by `page` (1 to {MAX_PAGE:,}) and `page_size` (1 to {MAX_PAGE_SIZE},
default 50); a value out of bounds is a 422. An answer is
`{{"items": [...], "count": n, "count_capped": bool}}`: `count` is exact up to
{COUNT_CAP:,} items. A longer list (a city's closed hazards) answers {COUNT_CAP:,} with
`count_capped: true` instead of counting every row on every page; its pages are served as any
other, so page on until `items` is empty. The hazard list is newest first.
"""

api = SafeCampusAPI(
    title="SafeCampus API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[BearerToken(), HeaderToken(), django_auth],
    docs_url="/docs",
)


@api.exception_handler(PermissionRefused)
def permission_refused(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(DomainError)
def domain_error(request, exc):
    body = {"detail": exc.message}
    if isinstance(exc, InvalidFields):
        body["errors"] = {name: str(message) for name, message in exc.fields.items()}
    return api.create_response(request, body, status=400)


@api.exception_handler(MultiPartParserError)
def unreadable_body(request, exc):
    # A form upload without its boundary (or a cut-off one) is the client's mistake, not ours.
    return api.create_response(
        request, {"detail": _("The request body could not be read: send JSON.")}, status=400
    )


@api.exception_handler(OverflowError)
def number_out_of_range(request, exc):
    # SQLite takes 64-bit integers only; a bigger id or count names nothing we hold.
    return api.create_response(request, {"detail": _("A number is out of range.")}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


api.add_router("/", core_router)
api.add_router("/", hazards_router)
api.add_router("/", risks_router)
api.add_router("/", inspections_router)
api.add_router("/", patrols_router)
api.add_router("/", emergencies_router)
api.add_router("/", gate_router)
api.add_router("/", supervision_router)
api.add_router("/", transport_router)
api.add_router("/", assessment_router)
api.add_router("/", reports_router)
api.add_router("/", casework_router)
api.add_router("/", education_router)
api.add_router("/", defences_router)
api.add_router("/", students_router)
