// Calendar dates as printed on Vietnamese documents (dd/mm/yyyy) and as stored (ISO yyyy-mm-dd).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sohoa {

struct Date {
  int year = 0, month = 0, day = 0;

  std::string iso() const;                          // 2026-10-05
  std::string dmy() const;                          // 05/10/2026
  std::string yymmdd() const;                       // 261005, as in the MRZ
  bool valid() const;
  Date plus_years(int years) const;                 // 29 February becomes 28 February
  int days_since_epoch() const;                     // days since 1970-01-01
  static Date from_days_since_epoch(int days);
  static std::optional<Date> parse_iso(std::string_view text);
  static std::optional<Date> parse_dmy(std::string_view text);  // d/m/yyyy or dd/mm/yyyy

  auto operator<=>(const Date&) const = default;
};

int days_in_month(int year, int month);

}  // namespace sohoa
