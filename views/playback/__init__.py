"""Playing interview answers straight from their encrypted files (decrypted as read)."""

from views.playback.device import MediaReaderDevice
from views.playback.player import AnswerPlayer, PlaybackItem, PlaybackWindow

__all__ = ["AnswerPlayer", "MediaReaderDevice", "PlaybackItem", "PlaybackWindow"]
