"""A local stand-in for the Telnyx API resources a fax workflow uses (/v2/fax_applications, ...).

Standard library only, so tests, demos and CI can start it anywhere without installing
anything. Where the real API's behaviour is unknown, it takes the stricter reading, so that a
client bug shows up here rather than in a real account. README.md beside this file lists those
choices and the /_simulator/* control endpoints that tests use to seed data and inject faults.

    python3 tests/simulator/telnyx_simulator.py --host 127.0.0.1 --port 0 --api-key KEY

sim_core.py holds what every resource shares; each resource is one sim_<resource>.py file,
registered by one line in RESOURCES below.
"""

from __future__ import annotations

import sim_core
import sim_fax_applications
import sim_faxes
import sim_outbound_voice_profiles
import sim_phone_numbers
import sim_webhooks

RESOURCES = [
    sim_fax_applications.FaxApplications,
    sim_outbound_voice_profiles.OutboundVoiceProfiles,
    sim_phone_numbers.PhoneNumbers,
    sim_faxes.Faxes,
    sim_webhooks.Webhooks,
]


def main(argv=None):
    return sim_core.main(RESOURCES, argv, description=__doc__.split("\n\n", maxsplit=1)[0])


if __name__ == "__main__":
    raise SystemExit(main())
