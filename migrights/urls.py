from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from migrights.api import api
from migrights.health import health
from migrights.publication import urls as publication

urlpatterns = [
    # the public pages and the experts' workspace with its sign-in, in English at / and in French and Spanish
    # under /fr/ and /es/ (/work/ stays the English workspace, /fr/work/ is the French one)
    *i18n_patterns(
        *publication.pages,
        path(
            "accounts/login/",
            auth_views.LoginView.as_view(template_name="work/login.html", redirect_authenticated_user=True),
            name="login",
        ),
        path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("work/", include("migrights.work.urls")),
        prefix_default_language=False,
    ),
    path("health", health, name="health"),  # JSON, never cached, 503 when a part is down (docs/operations.md)
    path("api/v1/", api.urls),
    *publication.files,
    path("admin/", admin.site.urls),
]

handler403 = "migrights.work.views.common.forbidden"
handler404 = "migrights.publication.views.errors.not_found"
handler500 = "migrights.publication.views.errors.server_error"
