#!/usr/bin/python3
# A second NetworkManager secret agent in its own process: a stand-in for the desktop's (GNOME
# Shell, nm-applet, Plasma), for agent-order.nm.test.ts. It registers under IDENTIFIER with the
# VPN-hints capability, as those do, and prints one JSON line per call NetworkManager makes to it.
# ANSWER is a password to give for every request, or "none" to answer NoSecrets (as an agent with
# nothing to offer), after which NetworkManager asks the next agent.
#
#   other-agent.py BUS_ADDRESS IDENTIFIER ANSWER
import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

address, identifier, answer = sys.argv[1:4]
DBusGMainLoop(set_as_default=True)
bus = dbus.bus.BusConnection(address)
AGENT = 'org.freedesktop.NetworkManager.SecretAgent'


class NoSecrets(dbus.DBusException):
    _dbus_error_name = 'org.freedesktop.NetworkManager.SecretAgent.NoSecrets'


def say(**what):
    print(json.dumps(what), flush=True)


class Agent(dbus.service.Object):
    @dbus.service.method(AGENT, in_signature='a{sa{sv}}osasu', out_signature='a{sa{sv}}')
    def GetSecrets(self, connection, path, setting, hints, flags):
        say(call='GetSecrets', uuid=str(connection['connection']['uuid']), setting=str(setting), flags=int(flags))
        if answer == 'none':
            raise NoSecrets('no secrets here')
        return {setting: {'secrets': dbus.Dictionary({'password': answer}, signature='ss', variant_level=1)}}

    @dbus.service.method(AGENT, in_signature='os')
    def CancelGetSecrets(self, path, setting):
        say(call='CancelGetSecrets', setting=str(setting))

    @dbus.service.method(AGENT, in_signature='a{sa{sv}}o')
    def SaveSecrets(self, connection, path):
        say(call='SaveSecrets')

    @dbus.service.method(AGENT, in_signature='a{sa{sv}}o')
    def DeleteSecrets(self, connection, path):
        say(call='DeleteSecrets')


Agent(bus, '/org/freedesktop/NetworkManager/SecretAgent')
manager = bus.get_object('org.freedesktop.NetworkManager', '/org/freedesktop/NetworkManager/AgentManager')
manager.RegisterWithCapabilities(identifier, dbus.UInt32(1), dbus_interface='org.freedesktop.NetworkManager.AgentManager')
say(registered=identifier)
GLib.MainLoop().run()
