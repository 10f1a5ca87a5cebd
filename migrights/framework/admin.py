from django.contrib import admin

from migrights.framework.models import Category, Framework, Indicator


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "title", "published", "loaded"]
    readonly_fields = ["checksum"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "framework"]
    list_filter = ["framework"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "dimension", "type", "framework"]
    list_filter = ["framework", "dimension", "type"]
    search_fields = ["code", "wording"]
