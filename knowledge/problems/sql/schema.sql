-- Shared schema for the SQL round (SQLite 3.40+).
-- Dates are ISO-8601 TEXT 'YYYY-MM-DD'; timestamps are ISO-8601 TEXT 'YYYY-MM-DD HH:MM:SS' (local time, whole seconds).
-- Money is stored as whole dollars (INTEGER).

CREATE TABLE departments (
  dept_id   INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,
  location  TEXT NOT NULL
);

CREATE TABLE employees (
  emp_id     INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  dept_id    INTEGER REFERENCES departments(dept_id),  -- NULL for a contractor not assigned to a department
  manager_id INTEGER REFERENCES employees(emp_id),     -- NULL for the CEO
  salary     INTEGER NOT NULL,
  hire_date  TEXT NOT NULL
);

CREATE TABLE users (
  user_id     INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  email       TEXT NOT NULL UNIQUE,
  city        TEXT,                                    -- NULL when unknown
  signup_date TEXT NOT NULL
);

CREATE TABLE products (
  product_id INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  category   TEXT NOT NULL,
  price      INTEGER NOT NULL                          -- current list price
);

CREATE TABLE orders (
  order_id   INTEGER PRIMARY KEY,
  user_id    INTEGER REFERENCES users(user_id),        -- NULL for a guest checkout
  order_date TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('completed', 'cancelled', 'refunded', 'pending'))
);

CREATE TABLE order_items (
  order_id   INTEGER NOT NULL REFERENCES orders(order_id),
  product_id INTEGER NOT NULL REFERENCES products(product_id),
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  unit_price INTEGER NOT NULL,                         -- price actually charged per unit (may differ from products.price)
  PRIMARY KEY (order_id, product_id)
);

-- Raw payment log: one order can have several rows (status changes), and the loader sometimes
-- ingests the same record twice (identical except payment_id). Larger payment_id = ingested later.
CREATE TABLE payments (
  payment_id INTEGER PRIMARY KEY,
  order_id   INTEGER NOT NULL REFERENCES orders(order_id),
  amount     INTEGER NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('pending', 'failed', 'settled', 'refunded')),
  updated_at TEXT NOT NULL
);

CREATE TABLE events (
  event_id   INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(user_id),
  event_type TEXT NOT NULL CHECK (event_type IN ('page_view', 'add_to_cart', 'purchase')),
  event_time TEXT NOT NULL
);

-- One row per login; a user can log in several times on the same day.
CREATE TABLE logins (
  login_id   INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(user_id),
  login_time TEXT NOT NULL
);
