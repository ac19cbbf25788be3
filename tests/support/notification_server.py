"""A recording desktop-notification server for the desktop tests.

Owns `org.freedesktop.Notifications` on the session bus (the one a real
notification daemon such as dunst owns) and implements the calls a client
makes: Notify, GetCapabilities, GetServerInformation, CloseNotification.
Every notification it receives is printed on stdout as one JSON line
(`{"event": "notify", "id", "app_name", "summary", "body", "actions"}`),
never shown. A line `invoke ID ACTION` on stdin emits `ActionInvoked(ID,
ACTION)` as a daemon does when the user clicks the notification (ACTION
`default`) or one of its buttons. Prints `{"event": "ready"}` once it owns
the name. A dunst that the test session's bus started for an earlier app
(dunst is D-Bus activatable as this name) is stopped first; any other owner
makes it exit with status 3.

Debian's python3-dbus and python3-gi (GLib main loop); run with
/usr/bin/python3 inside the session (scripts/with-session.sh).
"""

import json
import os
import signal
import sys
import time

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
IFACE = "org.freedesktop.Notifications"


def say(**event):
    print(json.dumps(event), flush=True)


class Recorder(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.last_id = 0

    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):
        self.last_id += 1
        say(
            event="notify",
            id=self.last_id,
            app_name=str(app_name),
            summary=str(summary),
            body=str(body),
            actions=[str(a) for a in actions],
        )
        return dbus.UInt32(self.last_id)

    @dbus.service.method(IFACE, out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body"]

    @dbus.service.method(IFACE, out_signature="ssss")
    def GetServerInformation(self):
        return ("kaartbeheer-recorder", "kaartbeheer", "1", "1.2")

    @dbus.service.method(IFACE, in_signature="u")
    def CloseNotification(self, nid):
        self.NotificationClosed(nid, dbus.UInt32(3))

    @dbus.service.signal(IFACE, signature="us")
    def ActionInvoked(self, nid, action):
        pass

    @dbus.service.signal(IFACE, signature="uu")
    def NotificationClosed(self, nid, reason):
        pass


def stop_activated_dunst(bus):
    """Stops the owner of the name when it is dunst (started by the test
    session's bus for an app that notified earlier); False for any other
    owner, or when the name has no owner any more."""
    try:
        owner = bus.get_name_owner(NAME)
        daemon = bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
        pid = int(daemon.GetConnectionUnixProcessID(owner, dbus_interface="org.freedesktop.DBus"))
        with open(f"/proc/{pid}/comm", encoding="utf-8") as comm:
            if comm.read().strip() != "dunst":
                return False
        os.kill(pid, signal.SIGTERM)
        return True
    except (dbus.DBusException, OSError):
        return True  # gone meanwhile: try to take the name again


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    got = bus.request_name(NAME, dbus.bus.NAME_FLAG_DO_NOT_QUEUE)
    for _ in range(50):
        if got == dbus.bus.REQUEST_NAME_REPLY_PRIMARY_OWNER or not stop_activated_dunst(bus):
            break
        time.sleep(0.1)
        got = bus.request_name(NAME, dbus.bus.NAME_FLAG_DO_NOT_QUEUE)
    if got != dbus.bus.REQUEST_NAME_REPLY_PRIMARY_OWNER:
        say(event="error", message="another notification server owns the name")
        sys.exit(3)
    recorder = Recorder(bus)
    loop = GLib.MainLoop()

    def on_input(source, condition):
        line = source.readline()
        if not line:
            loop.quit()
            return False
        parts = line.split()
        if len(parts) == 3 and parts[0] == "invoke":
            recorder.ActionInvoked(dbus.UInt32(int(parts[1])), parts[2])
            say(event="invoked", id=int(parts[1]), action=parts[2])
        return True

    GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, on_input)
    say(event="ready")
    loop.run()


if __name__ == "__main__":
    main()
