"""Routing and authentication: unknown paths, wrong methods, keys."""

import pytest
from api_client import APPS, MINIMAL_APP, NUMBERS, PROFILES, assert_errors

# --- routes and authentication ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/v2",
        "/v2/",
        "/v1/fax_applications",
        "/v2/fax_application",
        f"{APPS}/",
        f"{APPS}/1/extra",
        "/_simulator",
        "/v2/outbound_voice_profile",
        f"{PROFILES}/",
        f"{PROFILES}/1/extra",
        "/v2/phone_number",
        f"{NUMBERS}/",
        f"{NUMBERS}/1/voice",
    ],
)
def test_unknown_paths_are_404(api, path):
    assert_errors(api.request("GET", path), 404)


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_an_unknown_application_is_404(api, method):
    body = MINIMAL_APP if method == "PATCH" else None
    assert_errors(api.request(method, f"{APPS}/1293384261075731499", body), 404)


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("PUT", APPS, "GET, POST"),
        ("PATCH", APPS, "GET, POST"),
        ("DELETE", APPS, "GET, POST"),
        ("POST", f"{APPS}/1", "GET, PATCH, DELETE"),
        ("PUT", f"{APPS}/1", "GET, PATCH, DELETE"),
        ("OPTIONS", f"{APPS}/1", "GET, PATCH, DELETE"),
        ("PUT", PROFILES, "GET, POST"),
        ("DELETE", PROFILES, "GET, POST"),
        ("POST", f"{PROFILES}/1", "GET, PATCH, DELETE"),
        ("PUT", f"{PROFILES}/1", "GET, PATCH, DELETE"),
    ],
)
def test_a_wrong_method_on_a_known_path_is_405(api, method, path, allowed):
    response = api.request(method, path, {})
    assert_errors(response, 405)
    assert response.headers["Allow"] == allowed


def test_head_is_405_without_a_body(api):
    response = api.request("HEAD", APPS)
    assert response.status == 405
    assert response.body == b""


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "BREW", "PROPFIND"])
@pytest.mark.parametrize("path, allowed", [(APPS, "GET, POST"), (f"{APPS}/1", "GET, PATCH, DELETE"), (NUMBERS, "GET")])
def test_a_method_nothing_serves_is_405_with_allow(api, method, path, allowed):
    response = api.request(method, path)
    assert_errors(response, 405)
    assert response.headers["Allow"] == allowed


def test_a_method_nothing_serves_still_needs_a_key_and_a_known_path(api):
    assert_errors(api.request("TRACE", APPS, auth=False), 401)
    assert_errors(api.request("TRACE", "/v2/nowhere"), 404)


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer KEY_not_a_known_key",
        "Bearer",
        "Bearer ",
        "bearer KEY_simulator_test_0000",
        "Basic KEY_simulator_test_0000",
        "KEY_simulator_test_0000",
        "Bearer KEY_simulator_test_0000 extra",
        "Bearer  KEY_simulator_test_0000",
    ],
)
def test_anything_but_bearer_and_a_known_key_is_401(api, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    for path in (APPS, PROFILES, NUMBERS, f"{NUMBERS}/1"):
        response = api.request("GET", path, headers=headers, auth=False)
        assert_errors(response, 401)
        assert b"KEY_" not in response.body  # no key, right or wrong, is echoed


def test_authentication_comes_before_routing_and_changes(api):
    app = api.create()
    assert_errors(api.request("GET", "/v2/nowhere", auth=False), 401)
    assert_errors(api.request("DELETE", f"{APPS}/{app['id']}", auth=False), 401)
    assert api.get(app["id"]).status == 200
    assert_errors(api.request("POST", PROFILES, {"name": "office"}, auth=False), 401)
    assert api.request("GET", PROFILES).json["meta"]["total_results"] == 0
