#include "station/db.hpp"

#include <filesystem>
#include <mutex>
#include <optional>
#include <regex>
#include <stdexcept>
#include <vector>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>

namespace sohoa::station {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Each new connection of the pool is told to keep its NOTICEs off stderr.
class QuietPool : public Poco::Data::SessionPool {
 public:
  using SessionPool::SessionPool;

 protected:
  void customizeSession(Poco::Data::Session& session) override {
    session << "SET client_min_messages TO WARNING", Poco::Data::Keywords::now;
  }
};

// The PostgreSQL connections this thread holds, one per Db, with how deeply each is held.
struct Held {
  const Db* db;
  std::optional<Poco::Data::Session> session;
  int depth;
};
thread_local std::vector<Held> held;

Held* held_for(const Db* db) {
  for (auto& h : held)
    if (h.db == db) return &h;
  return nullptr;
}

}  // namespace

Db::Db(const std::string& connection) {
  static std::once_flag registered;
  std::call_once(registered, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
  if (starts_with(connection, "postgresql:")) {
    dialect_ = Dialect::PostgreSQL;
    // libpq takes both "host=… dbname=…" and a postgresql:// URI
    const std::string rest = starts_with(connection, "postgresql://") ? connection : connection.substr(11);
    pool_ = std::make_unique<QuietPool>("PostgreSQL", rest, 1, kPoolSize, 60);
    pool_->setFeature("autoCommit", true);
    const Hold first(*this);  // a server that cannot be reached is told now, not at the first request
  } else {
    const std::string file = starts_with(connection, "sqlite:") ? connection.substr(7) : connection;
    if (const auto dir = std::filesystem::path(file).parent_path(); !dir.empty()) std::filesystem::create_directories(dir);
    session_ = std::make_unique<Poco::Data::Session>("SQLite", file);
  }
}

Db::~Db() = default;

Db::Hold::Hold(Db& db) : db_(db) {
  if (db.dialect_ == Dialect::SQLite) {
    db.sqlite_mutex_.lock();
    return;
  }
  if (Held* h = held_for(&db)) {
    ++h->depth;
    return;
  }
  db.free_.acquire();
  try {
    held.push_back({&db, db.pool_->get(), 1});
  } catch (...) {
    db.free_.release();
    throw;
  }
}

Db::Hold::~Hold() {
  if (db_.dialect_ == Dialect::SQLite) {
    db_.sqlite_mutex_.unlock();
    return;
  }
  Held* h = held_for(&db_);
  if (--h->depth > 0) return;
  held.erase(held.begin() + (h - held.data()));  // the session goes back to the pool
  db_.free_.release();
}

Poco::Data::Session& Db::session() {
  if (dialect_ == Dialect::SQLite) return *session_;
  Held* h = held_for(this);
  if (!h) throw std::logic_error("a PostgreSQL query without a held connection");
  return *h->session;
}

std::string Db::sql(const std::string& text) const {
  std::string out;
  out.reserve(text.size() + 16);
  int n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '?' && dialect_ == Dialect::PostgreSQL) {
      out += '$';
      out += std::to_string(++n);
    } else if (c == '{') {
      const auto close = text.find('}', i);
      const std::string token = text.substr(i + 1, close - i - 1);
      const bool pg = dialect_ == Dialect::PostgreSQL;
      if (token == "id")
        out += pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
      else if (token == "for_update")
        out += pg ? " FOR UPDATE" : "";  // SQLite: the one writer holds the file's lock
      else
        out.append(1, '{').append(token).append(1, '}');
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

std::string Db::redacted(const std::string& connection) {
  static const std::regex keyword(R"(password=\S+)"), uri(R"((://[^:/@]+:)[^@]+@)");
  return std::regex_replace(std::regex_replace(connection, keyword, "password=***"), uri, "$1***@");
}

}  // namespace sohoa::station
