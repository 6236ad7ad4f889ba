#include "core/date.hpp"

#include <charconv>
#include <cstdio>

namespace sohoa {
namespace {

std::optional<int> number(std::string_view s) {
  int v = 0;
  if (s.empty() || s.size() > 4) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<Date> checked(std::optional<int> y, std::optional<int> m, std::optional<int> d) {
  if (!y || !m || !d) return std::nullopt;
  Date date{*y, *m, *d};
  if (!date.valid()) return std::nullopt;
  return date;
}

}  // namespace

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return days[month - 1];
}

bool Date::valid() const {
  return year >= 1800 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::dmy() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", day, month, year);
  return buf;
}

std::string Date::yymmdd() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d%02d", year % 100, month, day);
  return buf;
}

Date Date::plus_years(int years) const {
  Date d{year + years, month, day};
  if (d.day > days_in_month(d.year, d.month)) d.day = days_in_month(d.year, d.month);
  return d;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int Date::days_since_epoch() const {
  const int y = year - (month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::from_days_since_epoch(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return Date{yoe + era * 400 + (m <= 2), m, d};
}

std::optional<Date> Date::parse_iso(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  return checked(number(t.substr(0, 4)), number(t.substr(5, 2)), number(t.substr(8, 2)));
}

std::optional<Date> Date::parse_dmy(std::string_view t) {
  auto a = t.find('/');
  if (a == std::string_view::npos) return std::nullopt;
  auto b = t.find('/', a + 1);
  if (b == std::string_view::npos || t.size() - b - 1 != 4) return std::nullopt;
  return checked(number(t.substr(b + 1)), number(t.substr(a + 1, b - a - 1)), number(t.substr(0, a)));
}

}  // namespace sohoa
