from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.health import health

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("health/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("punchout/", include("punchout.urls")),
]

# The tests serve the partner simulators from the app's own live server; `make run` serves them
# from a separate process (sandbox.settings) as a partner would be.
if getattr(settings, "SANDBOX_MOUNTED", False):
    urlpatterns.append(path("sandbox/", include("sandbox.urls")))
