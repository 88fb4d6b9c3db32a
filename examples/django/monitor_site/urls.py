from django.urls import path, re_path

from . import views

urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    # The patient API, proxied to the reference server: one origin and one port for the browser.
    re_path(r"^api/(?P<subpath>.*)$", views.patient_api_proxy, name="patient-api"),
]
