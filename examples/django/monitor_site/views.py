"""The dashboard page, and the patient API proxied to the reference server.

The proxy forwards method, path, query, body and the headers the API uses; it streams the answer
back with its status code and content type unchanged. `/api/events` (server-sent events) is not
proxied: a long-lived stream would hold one of runserver's threads per open page. Its 404 tells
the dashboard to poll `CPAP_query` instead, as it does with the lab's old server.
"""
import requests
from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

FORWARD_REQUEST_HEADERS = ("Content-Type", "Accept", "Authorization", "Idempotency-Key", "If-None-Match")
FORWARD_RESPONSE_HEADERS = ("Cache-Control", "ETag", "Retry-After", "Idempotent-Replayed", "WWW-Authenticate", "Last-Modified")
NOT_PROXIED = {"events"}
CHUNK = 64 * 1024

_session = requests.Session()


def dashboard_page(request):
    return render(request, "monitor.html", {"api_url": "/api/"})


def _request_body(request):
    while True:
        chunk = request.read(CHUNK)
        if not chunk:
            return
        yield chunk


# The API authenticates its write routes itself (bearer token); CSRF cookies are not its scheme.
@csrf_exempt
def patient_api_proxy(request, subpath):
    if subpath.split("/", 1)[0] in NOT_PROXIED:
        return JsonResponse("Not found", status=404, safe=False)
    if request.method not in ("GET", "HEAD", "POST"):
        return JsonResponse("Method not allowed", status=405, safe=False)
    url = settings.PATIENT_API_URL + subpath
    query = request.META.get("QUERY_STRING")
    if query:
        url += "?" + query
    headers = {h: request.headers[h] for h in FORWARD_REQUEST_HEADERS if h in request.headers}
    # Bodies pass through as they are: no re-encoding by either side.
    headers["Accept-Encoding"] = "identity"
    body = None
    if request.method == "POST":
        length = request.META.get("CONTENT_LENGTH")
        body = _request_body(request) if length and int(length) > 0 else b""
    try:
        upstream = _session.request(
            request.method, url, data=body, headers=headers, stream=True, timeout=(5, 60), allow_redirects=False
        )
    except requests.RequestException:
        return JsonResponse("The patient server behind this host could not be reached", status=502, safe=False)

    def stream():
        try:
            yield from upstream.raw.stream(CHUNK, decode_content=False)
        finally:
            upstream.close()

    response = StreamingHttpResponse(
        stream(),
        status=upstream.status_code,
        content_type=upstream.headers.get("Content-Type", "application/octet-stream"),
    )
    for h in FORWARD_RESPONSE_HEADERS:
        if h in upstream.headers:
            response[h] = upstream.headers[h]
    return response
