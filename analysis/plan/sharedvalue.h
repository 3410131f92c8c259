// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

namespace PlanLens {

// A value most owners leave at its default: nothing is allocated until the first edit(), and copies share it until
// one of them edits (copy on write). Reading an empty one gives a default-constructed T. PlanNode keeps the
// properties few nodes carry (sort, hash, cache, WAL, workers, …) in one, so a 100,000-node plan does not pay for
// them on every node.
template<class T>
class SharedValue {
public:
    const T &get() const { return m_d ? *m_d : defaultValue(); }
    T &edit()
    {
        if (!m_d)
            m_d = std::make_shared<T>();
        else if (m_d.use_count() > 1)
            m_d = std::make_shared<T>(*m_d);
        return *m_d;
    }
    bool isAllocated() const { return bool(m_d); }
    friend bool operator==(const SharedValue &a, const SharedValue &b) { return a.m_d == b.m_d || a.get() == b.get(); }

private:
    static const T &defaultValue()
    {
        static const T value;
        return value;
    }
    std::shared_ptr<T> m_d;
};

} // namespace PlanLens
