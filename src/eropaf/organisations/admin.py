from django.contrib import admin

from eropaf.organisations.models import District, Municipality, Partner, PostcodeArea


class DistrictInline(admin.TabularInline[District, Municipality]):
    model = District
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["code", "name", "inhabitants", "delivery_cutoff_day"]
    search_fields = ["code", "name"]
    inlines = [DistrictInline]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin[PostcodeArea]):
    list_display = ["digits", "municipality", "district"]
    list_filter = ["municipality"]
    search_fields = ["digits"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin[Partner]):
    list_display = ["code", "name", "partner_type", "kvk_number"]
    list_filter = ["partner_type"]
    search_fields = ["code", "name", "kvk_number"]
    filter_horizontal = ["municipalities"]
