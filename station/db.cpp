#include "station/db.hpp"

#include <filesystem>
#include <mutex>
#include <regex>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>

namespace sohoa::station {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

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
    session_ = std::make_unique<Poco::Data::Session>("PostgreSQL", rest);
    session_->setFeature("autoCommit", true);
    *session_ << "SET client_min_messages TO WARNING", Poco::Data::Keywords::now;  // no NOTICEs on stderr
  } else {
    const std::string file = starts_with(connection, "sqlite:") ? connection.substr(7) : connection;
    if (const auto dir = std::filesystem::path(file).parent_path(); !dir.empty()) std::filesystem::create_directories(dir);
    session_ = std::make_unique<Poco::Data::Session>("SQLite", file);
  }
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
