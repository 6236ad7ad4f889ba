// The store's database connection: SQLite (the embedded default, one file) or PostgreSQL (several
// stations of a district sharing one queue), chosen by a connection string, behind one dialect of
// SQL written with '?' placeholders.
#pragma once
#include <memory>
#include <string>

#include <Poco/Data/Session.h>

namespace sohoa::station {

enum class Dialect { SQLite, PostgreSQL };

class Db {
 public:
  // "postgresql:host=… dbname=…" or "postgresql://…" (libpq syntax after the prefix) opens
  // PostgreSQL; "sqlite:FILE" or a plain path opens (creating) that SQLite file.
  explicit Db(const std::string& connection);

  Dialect dialect() const { return dialect_; }
  Poco::Data::Session& session() { return *session_; }
  // The statement text for this dialect: PostgreSQL numbers its placeholders ($1, $2, …), and
  // the schema's {id} (an auto-numbered 64-bit key) and {for_update} (a row lock) are spelt out.
  std::string sql(const std::string& text) const;

  // Runs f inside a transaction: committed when f returns, rolled back when it throws.
  template <typename F>
  void transaction(F&& f) {
    session_->begin();
    try {
      f();
      session_->commit();
    } catch (...) {
      session_->rollback();
      throw;
    }
  }

  // A connection string with its password hidden, for messages.
  static std::string redacted(const std::string& connection);

 private:
  Dialect dialect_ = Dialect::SQLite;
  std::unique_ptr<Poco::Data::Session> session_;
};

}  // namespace sohoa::station
