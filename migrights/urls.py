from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from migrights.api import api
from migrights.briefs import views as briefs
from migrights.governance import views as governance
from migrights.opendata import views as opendata
from migrights.portal import views as portal
from migrights.reference import views as reference
from migrights.scores import views as scores

TWIN = r"(?:\.(?P<fmt>json|csv)|/)"  # /countries/FRA/ and its twins /countries/FRA.json, .csv

# The public pages, in English at / and in French and Spanish under /fr/ and /es/.
public = [
    path("", portal.home, name="home"),
    re_path(r"^index\.(?P<fmt>json|csv)$", portal.home, name="home-twin"),  # the home page's twins
    re_path(rf"^countries{TWIN}$", reference.country_list, name="country-list"),
    re_path(rf"^countries/(?P<code>[A-Za-z]{{3,4}}){TWIN}$", reference.country_detail, name="country"),
    re_path(r"^countries/(?P<code>[A-Za-z]{3,4})/brief\.pdf$", briefs.brief_pdf, name="country-brief"),
    re_path(
        r"^briefs/(?P<kind>region|countries|instrument)/(?P<key>[^/]+)\.(?P<fmt>pdf|html)$",
        briefs.comparative_brief,
        name="comparative-brief",
    ),
    re_path(rf"^instruments{TWIN}$", reference.instrument_list, name="instrument-list"),
    re_path(rf"^instruments/(?P<code>[A-Za-z0-9-]+?){TWIN}$", reference.instrument_detail, name="instrument"),
    re_path(rf"^bodies{TWIN}$", governance.body_list, name="body-list"),
    re_path(rf"^bodies/(?P<slug>[a-z0-9-]+?){TWIN}$", governance.body_detail, name="body"),
    re_path(rf"^milestones{TWIN}$", governance.milestone_list, name="milestones"),
    re_path(rf"^methodology{TWIN}$", scores.methodology, name="methodology"),
    re_path(rf"^data{TWIN}$", opendata.data_page, name="data"),
    re_path(rf"^sources{TWIN}$", opendata.source_list, name="sources"),
    re_path(rf"^sources/quality{TWIN}$", opendata.data_quality, name="data-quality"),
    re_path(rf"^search{TWIN}$", portal.search, name="search"),
    re_path(rf"^rankings{TWIN}$", portal.rankings, name="rankings"),
    re_path(rf"^compare{TWIN}$", portal.compare, name="compare"),
]

urlpatterns = [
    *i18n_patterns(*public, prefix_default_language=False),
    path("api/v1/", api.urls),
    # download files are the same in every language: one address each
    path("methodology/spec.yaml", scores.methodology_spec, name="methodology-spec"),
    re_path(r"^data/(?P<version>[A-Za-z0-9.-]+)/(?P<filename>[A-Za-z0-9._-]+)$", opendata.download, name="download"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="work/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("work/", include("migrights.work.urls")),
]

handler403 = "migrights.work.views.common.forbidden"
