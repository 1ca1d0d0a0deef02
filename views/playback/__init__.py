"""Playing interview answers from their encrypted files (decrypted in memory, never to disk)."""

from views.playback.player import AnswerPlayer, PlaybackItem, PlaybackWindow

__all__ = ["AnswerPlayer", "PlaybackItem", "PlaybackWindow"]
