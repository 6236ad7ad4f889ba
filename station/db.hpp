// The store's database connection: SQLite (the embedded default, one file) or PostgreSQL (several
// stations of a district sharing one queue), chosen by a connection string, behind one dialect of
// SQL written with '?' placeholders.
#pragma once
#include <memory>
#include <mutex>
#include <semaphore>
#include <string>

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

namespace sohoa::station {

enum class Dialect { SQLite, PostgreSQL };

class Db {
 public:
  // "postgresql:host=… dbname=…" or "postgresql://…" (libpq syntax after the prefix) opens
  // PostgreSQL; "sqlite:FILE" or a plain path opens (creating) that SQLite file.
  explicit Db(const std::string& connection);
  ~Db();

  Dialect dialect() const { return dialect_; }

  // While alive, the calling thread holds a connection: SQLite's one connection under a lock (the
  // file has one writer anyway), or a PostgreSQL connection of a pool, so that the server's
  // threads query side by side as several stations do (row locks keep their changes apart).
  // Holds nest on one thread and share its connection, transactions included.
  class Hold {
   public:
    explicit Hold(Db& db);
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    Db& db_;
  };
  [[nodiscard]] Hold hold() { return Hold(*this); }
  // The connection the calling thread holds (on PostgreSQL, std::logic_error without a Hold).
  Poco::Data::Session& session();
  // The statement text for this dialect: PostgreSQL numbers its placeholders ($1, $2, …), and
  // the schema's {id} (an auto-numbered 64-bit key) and {for_update} (a row lock) are spelt out.
  std::string sql(const std::string& text) const;

  // Runs f inside a transaction: committed when f returns, rolled back when it throws.
  template <typename F>
  void transaction(F&& f) {
    Poco::Data::Session& s = session();
    s.begin();
    try {
      f();
      s.commit();
    } catch (...) {
      s.rollback();
      throw;
    }
  }

  // A connection string with its password hidden, for messages.
  static std::string redacted(const std::string& connection);

 private:
  Dialect dialect_ = Dialect::SQLite;
  std::unique_ptr<Poco::Data::Session> session_;  // SQLite
  std::recursive_mutex sqlite_mutex_;
  std::unique_ptr<Poco::Data::SessionPool> pool_;  // PostgreSQL
  static constexpr int kPoolSize = 32;             // the server's threads and its workers
  std::counting_semaphore<kPoolSize> free_{kPoolSize};  // a thread waits for a connection rather than fail
};

}  // namespace sohoa::station
