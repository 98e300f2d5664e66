from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from learninglab.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "role", "partner", "is_active"]
    list_filter = ["role", "partner", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "role", "partner", "language"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "role", "partner", "password1", "password2"]})
    ]
