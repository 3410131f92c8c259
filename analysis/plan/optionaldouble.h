// SPDX-License-Identifier: MIT
#pragma once

#include <bit>
#include <cstdint>
#include <optional>

namespace PlanLens {

// std::optional<double> in 8 bytes instead of 16. A plan node carries a dozen optional figures and a 100,000-node
// plan is held whole, so the flag's padding alone cost 100 MB there. "Absent" is one NaN bit pattern (a payload no
// arithmetic and no number parser produces: they give the canonical quiet NaN), so every double, NaN included,
// can still be held. Reads like std::optional<double> (has_value, *, value_or, comparisons with a number where
// absent orders first) and converts to and from it, so code written against std::optional keeps compiling.
class OptionalDouble {
public:
    constexpr OptionalDouble() noexcept = default;
    constexpr OptionalDouble(std::nullopt_t) noexcept {}
    constexpr OptionalDouble(double v) noexcept : m_value(v) {}
    constexpr OptionalDouble(const std::optional<double> &v) noexcept : m_value(v ? *v : absent()) {}

    constexpr OptionalDouble &operator=(std::nullopt_t) noexcept { m_value = absent(); return *this; }
    constexpr OptionalDouble &operator=(double v) noexcept { m_value = v; return *this; }
    constexpr OptionalDouble &operator=(const std::optional<double> &v) noexcept
    {
        m_value = v ? *v : absent();
        return *this;
    }

    constexpr bool has_value() const noexcept { return std::bit_cast<std::uint64_t>(m_value) != kAbsentBits; }
    constexpr explicit operator bool() const noexcept { return has_value(); }
    constexpr double operator*() const noexcept { return m_value; }
    constexpr double &operator*() noexcept { return m_value; }
    constexpr double value() const noexcept { return m_value; }   // callers check has_value() first, as with *
    constexpr double value_or(double fallback) const noexcept { return has_value() ? m_value : fallback; }
    constexpr void reset() noexcept { m_value = absent(); }
    constexpr std::optional<double> toOptional() const noexcept
    {
        return has_value() ? std::optional<double>(m_value) : std::nullopt;
    }
    constexpr operator std::optional<double>() const noexcept { return toOptional(); }

    // Equal when both are absent, or both hold equal numbers (as std::optional<double>: NaN equals nothing).
    friend constexpr bool operator==(const OptionalDouble &a, const OptionalDouble &b) noexcept
    {
        return a.has_value() == b.has_value() && (!a.has_value() || a.m_value == b.m_value);
    }
    friend constexpr bool operator==(const OptionalDouble &a, std::nullopt_t) noexcept { return !a.has_value(); }
    friend constexpr bool operator==(const OptionalDouble &a, double b) noexcept { return a.has_value() && a.m_value == b; }
    // Absent orders before every number, as std::optional does.
    friend constexpr bool operator<(const OptionalDouble &a, double b) noexcept { return !a.has_value() || a.m_value < b; }
    friend constexpr bool operator<=(const OptionalDouble &a, double b) noexcept { return !a.has_value() || a.m_value <= b; }
    friend constexpr bool operator>(const OptionalDouble &a, double b) noexcept { return a.has_value() && a.m_value > b; }
    friend constexpr bool operator>=(const OptionalDouble &a, double b) noexcept { return a.has_value() && a.m_value >= b; }
    friend constexpr bool operator<(double a, const OptionalDouble &b) noexcept { return b.has_value() && a < b.m_value; }
    friend constexpr bool operator>(double a, const OptionalDouble &b) noexcept { return !b.has_value() || a > b.m_value; }

private:
    static constexpr std::uint64_t kAbsentBits = 0x7ff8'a5e0'0000'0001ULL;   // a quiet NaN with a payload
    static constexpr double absent() noexcept { return std::bit_cast<double>(kAbsentBits); }
    double m_value = absent();
};

static_assert(sizeof(OptionalDouble) == sizeof(double));

} // namespace PlanLens
