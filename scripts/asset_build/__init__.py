"""The stages of scripts/build_assets.py, one module each (STEPS there names them)."""
