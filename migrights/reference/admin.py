from django.contrib import admin

from migrights.reference.models import Country, ImportRun, Instrument, Provision, Source, TreatyAction, Vote


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("key", "producer", "title", "accessed")
    search_fields = ("key", "producer", "title", "url")


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "region", "subregion", "un_member_since")
    list_filter = ("kind", "region")
    search_fields = ("code", "name", "official_name")


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("code", "short_title", "organisation", "adopted", "entry_into_force", "binding")
    list_filter = ("organisation", "scope", "binding")
    search_fields = ("code", "title", "short_title")


@admin.register(TreatyAction)
class TreatyActionAdmin(admin.ModelAdmin):
    list_display = ("country", "instrument", "action", "date", "reservation", "verified", "dataset")
    list_filter = ("action", "verified", "dataset", "instrument")
    search_fields = ("country__name", "country__code", "instrument__code")
    list_select_related = ("country", "instrument")
    raw_id_fields = ("country", "instrument", "source")


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("started", "kind", "dataset", "file_name", "outcome", "added", "changed", "removed", "unchanged")
    list_filter = ("outcome", "kind")
    readonly_fields = [f.name for f in ImportRun._meta.fields]


admin.site.register(Provision)
admin.site.register(Vote)
