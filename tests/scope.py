"""The machinery every app's scope matrix shares: who is tried on which target school, how a
route's request data is filled in, the "every route is in the matrix" check, the school in
another district, and trying one route as one person on each of their targets.

Targets: s01 (the school users' own school), s02 (its sibling in the same district, which only
the bureau's people see) and "outside", a school in another district of the demo city that each
app's `outside` fixture makes with `outside_school`. Each app's test file keeps its own routes,
objects, fingerprint and expectations.
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import resolve

from safecampus.core.models import Org, OrgKind
from safecampus.core.services import orgs
from tests.roles import BUREAU


def targets(username):
    return ("s01", "s02", "outside") if username in BUREAU else ("s01", "s02")


def in_scope(username, target, level="school"):
    if level == "district":  # s01 and s02 share the demo district; only bureau roles see it
        return username in BUREAU and target != "outside"
    return target == "s01" or (target == "s02" and username in BUREAU)


@dataclass(frozen=True)
class Id:
    """A placeholder in request data for one of the target's ids (see each file's _objects)."""

    key: str


@dataclass(frozen=True)
class Fresh:
    """A placeholder in request data for a value made anew for each request (an upload, a
    client UUID): make() is called with no arguments."""

    make: object


def fill(value, ids):
    """The request data with its placeholders filled: an Id by the target's id, a Fresh by a
    new value, and a function by what it gives for the ids (filled in turn)."""
    if isinstance(value, Fresh):
        return value.make()
    if isinstance(value, Id):
        return ids[value.key]
    if callable(value):
        return fill(value(ids), ids)
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


def call(client, route, ids, data=fill):
    """Send the route to the target: a GET, a form POST, or a JSON POST (route.json)."""
    url = route.url.format(**ids)
    if route.method == "get":
        return client.get(url)
    if route.json:
        return client.post(url, data(route.data, ids), content_type="application/json")
    return client.post(url, data(route.data, ids))


def page_names(routes, ids):
    """The url names the routes resolve to, their placeholders filled with ids."""
    return {resolve(r.url.format(**ids).split("?")[0]).url_name for r in routes}


def _mounted(router, prefix=""):
    """The router and those mounted under it (an app's `api/` package mounts one per concept),
    each with its path prefix. Ninja keeps the mounted routers only in `_routers`."""
    yield prefix, router
    for child_prefix, child, _tags in router._routers:
        yield from _mounted(child, prefix + child_prefix)


def api_operations(router):
    """Every (method, route) a Ninja router serves, as Django's resolver names the route."""
    return {
        (method.lower(), "api/v1" + prefix + re.sub(r"\{(\w+)\}", r"<\1>", path))
        for prefix, mounted in _mounted(router)
        for path, view in mounted.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }


def api_tried(routes, ids):
    """The (method, route) the matrix's API routes try."""
    return {(r.method, resolve(r.url.format(**ids).split("?")[0]).route) for r in routes}


def built_targets(module_rows, make):
    """Each target's ids, their objects made once for the module (conftest's module_rows): call
    it from the module's autouse, module-scoped fixture."""
    return module_rows(lambda: {target: make(target) for target in ("s01", "s02", "outside")})


def outside_school(**school_fields):
    """A school (n01) in a second district (north) of the demo city."""
    city = Org.objects.get(code="demo-city")
    district = orgs.create_org(
        actor=None, parent=city, kind=OrgKind.DISTRICT, name="城北区", code="north"
    )
    return orgs.create_org(
        actor=None,
        parent=district,
        kind=OrgKind.SCHOOL,
        name="城北小学",
        code="n01",
        **school_fields,
    )


def shown(response, want, length=300):
    """The status, with the start of the body when it is not the expected one."""
    if response.status_code == want:
        return response.status_code
    return (response.status_code, response.content[:length].decode(errors="replace"))


def try_targets(
    client, route, username, *, objects, expected, fingerprint=None, must_change=None, send=call
):
    """Send the route as the person to each of their targets.

    objects(target) gives the ids, expected(target, ids) the status wanted, fingerprint(ids)
    everything the route could change. A POST must change the fingerprint exactly when
    must_change(target, want) says so (by default: when the route succeeds); None there means
    it is not checked. send(client, route, ids) makes the request. Returns got and want (the
    status by target) and the targets a POST changed, or left unchanged, wrongly.
    """
    got, want, wrong = {}, {}, []
    for target in targets(username):
        ids = objects(target)
        want[target] = expected(target, ids)
        # Only a POST's fingerprint is compared: reading it around a GET too cost a third of
        # the matrices' fingerprint queries for nothing.
        compare = fingerprint is not None and route.method == "post"
        before = fingerprint(ids) if compare else None
        response = send(client, route, ids)
        got[target] = shown(response, want[target])
        if compare:
            changed = fingerprint(ids) != before
            should = (
                want[target] == route.ok
                if must_change is None
                else must_change(target, want[target])
            )
            if should is not None and changed != should:
                wrong.append((target, "changed" if changed else "unchanged"))
    return got, want, wrong


def cases(names, people, bugs):
    """One test per (route, person): a known bug, by (name, person), is a strict xfail."""
    for name in names:
        for username in people:
            reason = bugs.get((name, username))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(name, username, id=f"{name}-{username}", marks=marks)


def assert_anonymous_refused(route, ids, *, api, fingerprint, send=call):
    """Without logging in, a page is sent to log in and the API answers 401; nothing changes."""
    before = fingerprint()
    response = send(Client(), route, ids)
    if api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    assert fingerprint() == before


def every_route(prefix=""):
    """A URL for every route the project serves, its parameters filled with a plausible value
    (1 for a number, "x" for a name): for checks that hold for every route, whatever its ids."""
    from django.urls import URLPattern, URLResolver, get_resolver

    fill_in = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": str(uuid_zero())}

    def walk(patterns, base):
        for entry in patterns:
            route = getattr(entry.pattern, "_route", None)
            if route is None:  # a regex pattern (static files): not an app's route
                continue
            url = base + re.sub(
                r"<(?:(\w+):)?\w+>", lambda m: fill_in.get(m.group(1) or "str", "x"), route
            )
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, url)
            elif isinstance(entry, URLPattern):
                yield url, entry.name

    yield from walk(get_resolver().url_patterns, "/" + prefix)


def uuid_zero():
    import uuid

    return uuid.UUID(int=0)
