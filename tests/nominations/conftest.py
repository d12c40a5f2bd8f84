"""Helpers of the nominations tests: the form's data, complete unless a test overrides a field."""


def form_data(**overrides):
    data = {
        "version": "",
        "nib": "1234567890123",
        "business_name": "Anyaman Mendong Lestari",
        "owner_name": "Sri Rahayu",
        "legal_form": "individual",
        "address": "Dusun Tegal, Minggir",
        "sentra": "Sentra Anyaman Minggir",
        "year_founded": "2015",
        "workforce_women": "20",
        "workforce_men": "3",
        "production_capacity": "5000",
        "capacity_unit": "pcs",
        "yearly_turnover": "420000000",
        "marketing_reach": "export",
        "export_destinations": "Jepang",
        "phone": "0274123456",
        "email": "anyaman@example.id",
        "product_name": "Tas anyaman mendong",
        "commodity": "",
        "product_description": "Tas dari mendong.",
        "raw_materials": "Mendong dari sawah sekitar",
        "local_wisdom": "Tradisi menganyam turun-temurun.",
        "uniqueness": "Pewarnaan alami.",
        "price_min": "75000",
        "price_max": "350000",
        "document_kind": "other",
        "cert-TOTAL_FORMS": "1",
        "cert-INITIAL_FORMS": "0",
        "cert-MIN_NUM_FORMS": "0",
        "cert-MAX_NUM_FORMS": "1000",
        "cert-0-kind": "",
        "cert-0-number": "",
        "cert-0-valid_until": "",
    }
    data.update(overrides)
    return data
