//! Dates as policies and editions write them: a year, a month or a day.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A calendar date as policies write it: a year, a month or a day (`2016`, `2019-07`,
/// `2019-07-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || match day_month_year(s) {
            Some(iso) => format!("invalid date \"{s}\": write it year first, as {iso}"),
            None => format!("invalid date \"{s}\": expected YYYY, YYYY-MM or YYYY-MM-DD"),
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        let year = num(parts[0], 4)? as u16;
        let month = parts
            .get(1)
            .map(|p| num(p, 2))
            .transpose()?
            .map(|m| m as u8);
        let day = parts
            .get(2)
            .map(|p| num(p, 2))
            .transpose()?
            .map(|d| d as u8);
        if parts.len() > 3 {
            return Err(bad());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("invalid date \"{s}\": month {m} is not 1-12"));
            }
            if let Some(d) = day
                && (d == 0 || d > days_in_month(year, m))
            {
                return Err(format!(
                    "invalid date \"{s}\": day {d} is not in that month"
                ));
            }
        }
        Ok(Date { year, month, day })
    }
}

/// `20/11/2024` (or `20.11.2024`, `20-11-2024`), as written in the UK: `2024-11-20`.
fn day_month_year(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split(['/', '.', '-']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str, max: usize| {
        (!p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (d, m, y) = (num(d, 2)?, num(m, 2)?, num(y, 4)?);
    (y >= 1000 && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

impl Date {
    /// The last day the date covers: `2022-03` is due by 2022-03-31, `2022` by 2022-12-31.
    pub fn last_day(&self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// Days since 1970-01-01 of the date's last day.
    pub fn unix_days(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = self.last_day();
        let y = i64::from(y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a count of days since 1970-01-01 (the proleptic Gregorian calendar).
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Today, or the day of `SOURCE_DATE_EPOCH` when that is set (reproducible builds): the date
    /// review dates are judged against.
    pub fn today() -> Date {
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        Date::from_unix_days(secs.div_euclid(86_400))
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][usize::from(month.clamp(1, 12)) - 1]
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Date, E> {
                Date::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Date, E> {
                Date::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_accept_year_month_day_and_reject_nonsense() {
        assert_eq!(Date::parse("2016").unwrap().to_string(), "2016");
        assert_eq!(Date::parse("2019-07").unwrap().to_string(), "2019-07");
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2019-13-01").is_err());
        assert!(Date::parse("19-07-01").is_err());
        assert!(Date::parse("July 2019").is_err());
    }

    #[test]
    fn unix_days_and_last_days() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_417).to_string(), "2023-03-01");
        assert_eq!(Date::from_unix_days(20_418).to_string(), "2025-11-26");
        assert_eq!(Date::parse("2024-02").unwrap().last_day(), (2024, 2, 29));
        assert_eq!(Date::parse("2022").unwrap().last_day(), (2022, 12, 31));
        for days in [0, 19_417, 20_418, -1, 11_016] {
            assert_eq!(Date::from_unix_days(days).unix_days(), days);
        }
    }
}
