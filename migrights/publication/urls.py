"""The public site's addresses: every page with its twins, the download files and the methodology's spec."""

from django.urls import path, re_path

from migrights.publication.views import (
    briefs,
    corridors,
    documents,
    errors,
    explore,
    framework,
    governance,
    law,
    opendata,
    reference,
    scores,
)

TWIN = r"(?:\.(?P<fmt>json|csv)|/)"  # /countries/FRA/ and its twins /countries/FRA.json, .csv

# The public pages, in English at / and in French and Spanish under /fr/ and /es/ (``migrights.urls``).
pages = [
    path("", explore.home, name="home"),
    re_path(r"^index\.(?P<fmt>json|csv)$", explore.home, name="home-twin"),  # the home page's twins
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
    re_path(
        r"^instruments/(?P<code>[A-Za-z0-9-]+?)/ratification-recommendations\.(?P<fmt>json|csv)$",
        documents.ratification_recommendations,
        name="instrument-ratification-recommendations",
    ),
    re_path(rf"^bodies{TWIN}$", governance.body_list, name="body-list"),
    re_path(rf"^bodies/(?P<slug>[a-z0-9-]+?){TWIN}$", governance.body_detail, name="body"),
    re_path(rf"^milestones{TWIN}$", governance.milestone_list, name="milestones"),
    re_path(rf"^agreements{TWIN}$", law.agreement_list, name="agreement-list"),
    re_path(rf"^agreements/(?P<key>[A-Za-z0-9-]+?){TWIN}$", law.agreement_detail, name="agreement"),
    re_path(rf"^corridors{TWIN}$", corridors.corridor_overview, name="corridors"),
    re_path(
        rf"^corridors/(?P<origin>[A-Za-z]{{3,4}})/(?P<destination>[A-Za-z]{{3,4}}){TWIN}$",
        corridors.corridor_detail,
        name="corridor",
    ),
    re_path(rf"^documents{TWIN}$", documents.document_search, name="documents"),
    re_path(rf"^methodology{TWIN}$", scores.methodology, name="methodology"),
    re_path(rf"^methodology/indicators{TWIN}$", framework.indicator_list, name="indicator-list"),
    re_path(
        rf"^methodology/categories/(?P<code>[A-Za-z]{{3}}){TWIN}$", framework.category_detail, name="category-detail"
    ),
    re_path(
        rf"^methodology/indicators/(?P<code>[A-Za-z]{{3}}\.[0-9]+\.[A-Z][0-9]+){TWIN}$",
        framework.indicator_detail,
        name="indicator",
    ),
    re_path(rf"^data{TWIN}$", opendata.data_page, name="data"),
    re_path(rf"^sources{TWIN}$", opendata.source_list, name="sources"),
    re_path(rf"^sources/quality{TWIN}$", opendata.data_quality, name="data-quality"),
    re_path(rf"^search{TWIN}$", explore.search, name="search"),
    re_path(rf"^rankings{TWIN}$", explore.rankings, name="rankings"),
    re_path(rf"^compare{TWIN}$", explore.compare, name="compare"),
]

# Download files are the same in every language: one address each.
files = [
    path("favicon.ico", errors.favicon, name="favicon"),  # browsers ask for it without reading the page
    path("methodology/spec.yaml", scores.methodology_spec, name="methodology-spec"),
    re_path(
        r"^documents/(?P<dataset>general-comments|upr-info)\.csv$", documents.document_download, name="documents-file"
    ),
    re_path(r"^data/(?P<version>[A-Za-z0-9.-]+)/(?P<filename>[A-Za-z0-9._-]+)$", opendata.download, name="download"),
]
