-- Words shoppers search by that are not in the name (车厘子 for cherries), JSON array.
ALTER TABLE products ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
CREATE INDEX sellers_slug ON sellers(slug);
