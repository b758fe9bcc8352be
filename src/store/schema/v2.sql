-- Schema version 2: a draft also keeps what an editor was typing that is not part of the
-- answer yet (the RFM form's field being typed), as the editor wrote it (JSON); NULL
-- when nothing is. Drafts written before have NULL: they load as they were.
ALTER TABLE draft ADD COLUMN pending TEXT;
