"""Settings pages: General, Policy, Models and (administrators only) Users."""
