"""Settings of the Django host; every deployment-specific value comes from the environment.

PATIENT_API_URL    the reference patient server the host proxies /api/ to (default http://127.0.0.1:8787/)
DASHBOARD_LIB      the library as built (default ../../dist/cdn), served as static files under /static/lib/
DJANGO_DEBUG       1 (default: runserver serves the static files) or 0 (then run `collectstatic` and serve
                   STATIC_ROOT, or `runserver --insecure`)
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (comma-separated)
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = BASE_DIR.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "monitor_site.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "monitor_site.urls"
WSGI_APPLICATION = "monitor_site.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"context_processors": []},
    }
]
DATABASES = {}
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("lib", os.path.abspath(os.environ.get("DASHBOARD_LIB") or REPO_ROOT / "dist" / "cdn")),
]

PATIENT_API_URL = os.environ.get("PATIENT_API_URL", "http://127.0.0.1:8787/")
if not PATIENT_API_URL.endswith("/"):
    PATIENT_API_URL += "/"

# The strictest policy the dashboard works under here: one origin for everything (the API is
# proxied), no inline script or style, the analysis worker from this origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
X_FRAME_OPTIONS = "DENY"
