from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from migrights.governance.models import GovernanceBody, Milestone
from migrights.portal.twins import LICENCE
from migrights.reference.models import Country, Instrument, TreatyAction


def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "instruments": Instrument.objects.count(),
        "actions": TreatyAction.objects.count(),
        "countries": Country.objects.filter(actions__isnull=False).distinct().count(),
        "bodies": GovernanceBody.objects.count(),
        "milestones": Milestone.objects.count(),
    }
    return render(request, "portal/home.html", {"counts": counts, "licence": LICENCE})
