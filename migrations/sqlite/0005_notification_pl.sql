-- Notifications carry their message in Polish too: the app is Polish by default and shows
-- `message_pl`, the English `message` behind the language switch. Rows raised before this
-- have an empty `message_pl` and show the English message.
ALTER TABLE notifications ADD COLUMN message_pl TEXT NOT NULL DEFAULT '';
