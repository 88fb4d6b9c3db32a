"""A FastAPI host for <cpap-dashboard>: the app at the root, the dashboard mounted in it.

- `/`         the dashboard page (a Jinja template)
- `/static/`  the host's own files (CSS)
- `/lib/`     the library as built (`dist/cdn`), a `StaticFiles` mount
- the patient API is NOT here: it is the project's reference server on another port (another
  origin), reached cross-origin; it must allow this app's origin (`--allowed-origins`).

Environment: PATIENT_API_URL (the reference server, default http://127.0.0.1:8787/; the page's
`api-url`), DASHBOARD_LIB (default ../../dist/cdn).
Start: /usr/bin/python3 -m uvicorn --app-dir examples/fastapi app:app --port 8000
"""
import os
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
LIB_DIR = os.path.abspath(os.environ.get("DASHBOARD_LIB") or os.path.join(ROOT, "dist", "cdn"))
API_URL = os.environ.get("PATIENT_API_URL") or "http://127.0.0.1:8787/"
if not API_URL.endswith("/"):
    API_URL += "/"
_api = urlsplit(API_URL)
API_ORIGIN = f"{_api.scheme}://{_api.netloc}"

# The strictest policy the dashboard works under here: everything from this origin, except the
# patient API's origin for fetches (connect-src) and for the stored flow images it links (img-src).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    f"img-src 'self' data: {API_ORIGIN}; connect-src 'self' {API_ORIGIN}; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

app = FastAPI(title="Sleep lab monitor (FastAPI host)", docs_url=None, redoc_url=None, openapi_url=None)
templates = Jinja2Templates(directory=os.path.join(HERE, "templates"))

if not os.path.isdir(LIB_DIR):
    raise SystemExit(f"{LIB_DIR} is missing: run `node scripts/build.js` first")
app.mount("/lib", StaticFiles(directory=LIB_DIR), name="lib")
app.mount("/static", StaticFiles(directory=os.path.join(HERE, "static")), name="static")


@app.middleware("http")
async def security_headers(request: Request, call_next):
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


@app.get("/")
async def dashboard_page(request: Request):
    return templates.TemplateResponse("index.html", {"request": request, "api_url": API_URL})


@app.get("/healthz")
async def healthz():
    return {"status": "ok", "patient_api": API_URL}
