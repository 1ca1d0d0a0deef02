"""The candidate-facing kiosk: full screen, keyboard-operable, left only with the operator PIN.

`KioskWindow` runs interviews opened with a login code; `KioskLauncher` is the
main window's File → Start kiosk… for administrators.
"""
