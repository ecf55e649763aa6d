// One libpq connection of the PostgreSQL backend (pg_connection.hpp).
#include "pg_connection.hpp"

#include <initializer_list>
#include <string_view>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace leadbook {

bool is_postgres_uri(const std::string& location) noexcept {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

namespace {

/// The password a URI carries in its user part ("user:secret@host"), or "".
std::string uri_password(const std::string& uri) {
    const auto start = uri.find("://");
    if (start == std::string::npos) return {};
    const auto end = uri.find_first_of("/?", start + 3);
    const std::string authority =
        uri.substr(start + 3, end == std::string::npos ? end : end - start - 3);
    const auto at = authority.rfind('@');
    if (at == std::string::npos) return {};
    const auto colon = authority.find(':');
    if (colon == std::string::npos || colon > at) return {};
    return authority.substr(colon + 1, at - colon - 1);
}

/// Every occurrence of `secret` in `text` replaced by "***".
std::string without(std::string text, const std::string& secret) {
    if (secret.empty()) return text;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
        text.replace(at, secret.size(), "***");
    return text;
}

/// The password `conninfo` carries (URI user part, `password=` pair or
/// query parameter), or "".
std::string password_of(const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    std::string password;
    if (options) {
        for (PQconninfoOption* o = options; o->keyword; ++o)
            if (std::strcmp(o->keyword, "password") == 0 && o->val) password = o->val;
        PQconninfoFree(options);
    }
    PQfreemem(error);
    return password.empty() ? uri_password(conninfo) : password;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string double_text(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    (void)ec;
    return std::string(buffer, end);
}

/// A parameter's text, or nullopt for NULL.
bool param_text(const Value& v, std::string& out) {
    if (std::holds_alternative<std::monostate>(v)) return false;
    if (const auto* i = std::get_if<std::int64_t>(&v))
        out = std::to_string(*i);
    else if (const auto* d = std::get_if<double>(&v))
        out = double_text(*d);
    else if (const auto* s = std::get_if<std::string>(&v))
        out = *s;
    else
        out = "\\x" + hex(std::get<Bytes>(v).data);
    return true;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    fail(ErrorCode::corrupt, "a bytea value that is not hex");
}

Bytes bytes_of(const char* text, int length) {
    Bytes out;
    if (length < 2 || text[0] != '\\' || text[1] != 'x')
        fail(ErrorCode::corrupt, "a bytea value not in hex form (bytea_output must be 'hex')");
    out.data.reserve(std::size_t(length - 2) / 2);
    for (int i = 2; i + 1 < length; i += 2)
        out.data.push_back(std::uint8_t(hex_digit(text[i]) * 16 + hex_digit(text[i + 1])));
    return out;
}

std::int64_t int_of(const char* text, int length) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text, text + length, v);
    if (ec != std::errc() || end != text + length)
        fail(ErrorCode::corrupt, "an integer value PostgreSQL sent cannot be read");
    return v;
}

double double_of(const char* text) {
    if (std::strcmp(text, "NaN") == 0) return std::nan("");
    if (std::strcmp(text, "Infinity") == 0) return HUGE_VAL;
    if (std::strcmp(text, "-Infinity") == 0) return -HUGE_VAL;
    return std::strtod(text, nullptr);
}

// Type OIDs (pg_type.h; stable across PostgreSQL versions).
constexpr Oid bool_oid = 16, bytea_oid = 17, int8_oid = 20, int2_oid = 21, int4_oid = 23,
              float4_oid = 700, float8_oid = 701, numeric_oid = 1700;

} // namespace

std::string redacted_conninfo(const std::string& conninfo) {
    if (is_postgres_uri(conninfo)) {
        std::string out = without(conninfo, uri_password(conninfo));
        // A password in the query part: "?password=..." or "&password=...".
        for (auto at = out.find("password="); at != std::string::npos;
             at = out.find("password=", at + 1)) {
            if (at == 0 || (out[at - 1] != '?' && out[at - 1] != '&')) continue;
            const auto end = out.find('&', at);
            out.replace(at + 9, end == std::string::npos ? std::string::npos : end - at - 9, "***");
        }
        return out;
    }
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    PQfreemem(error);
    if (!options) return "(unreadable connection string)";
    std::string out;
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (!o->val || std::strcmp(o->keyword, "password") == 0) continue;
        out += (out.empty() ? "" : " ") + std::string(o->keyword) + "=" + o->val;
    }
    PQconninfoFree(options);
    return out;
}

namespace postgres {

Connection::Connection(const std::string& conninfo, const PostgresOptions& options)
    : password_(password_of(conninfo)) {
    // The connection string's own settings come last and win.
    const std::string timeout = std::to_string(options.connect_timeout_s);
    const char* keys[] = {"connect_timeout", "fallback_application_name", "client_encoding",
                          "dbname", nullptr};
    const char* values[] = {timeout.c_str(), "leadbook", "UTF8", conninfo.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (!conn_) fail(ErrorCode::out_of_memory, "cannot allocate a PostgreSQL connection");
    auto field = [](const char* v) { return std::string(v && *v ? v : "(default)"); };
    const char* host = PQhost(conn_);
    where_ = "host " + field(host) + " port " + field(PQport(conn_)) + ", database " +
             field(PQdb(conn_)) + ", user " + field(PQuser(conn_));
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = without(trimmed(PQerrorMessage(conn_)), password_);
        PQfinish(conn_);
        conn_ = nullptr;
        fail(ErrorCode::storage, "cannot connect to PostgreSQL (" + where_ + "): " + message);
    }
    // Values come back as leadbook reads them, whatever the server's defaults.
    exec("SET bytea_output = 'hex'; SET extra_float_digits = 1; SET standard_conforming_strings = "
         "on; SET client_min_messages = warning");
}

Connection::~Connection() {
    if (conn_) PQfinish(conn_);
}

void Connection::check(const Result& result, const std::string& sql) {
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN ||
        status == PGRES_EMPTY_QUERY)
        return;
    if (PQstatus(conn_) == CONNECTION_BAD)
        fail(ErrorCode::storage, "the connection to PostgreSQL (" + where_ + ") was lost: " +
                                     without(trimmed(PQerrorMessage(conn_)), password_) +
                                     "; what the transaction wrote was rolled back by the server");
    const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state ? state : "";
    std::string message = without(
        trimmed(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn_)), password_);
    ErrorCode error = ErrorCode::storage;
    if (code == "55P03" || code == "40P01" || code == "40001")
        error = ErrorCode::busy; // lock_timeout, a deadlock, a serialization failure
    else if (code.rfind("22", 0) == 0)
        error = ErrorCode::validation; // a value the column cannot hold
    else if (code == "53100" || code == "53200")
        error = ErrorCode::out_of_memory;
    if (code == "25P02")
        message += " (an earlier statement of this transaction failed: roll the transaction "
                   "or savepoint back first)";
    (void)sql;
    fail(error, "PostgreSQL (" + where_ + "): " + message);
}

namespace {

/// Whether `sql` starts with one of `words` (ASCII, any case).
bool starts_with_word(std::string_view sql, std::initializer_list<std::string_view> words) {
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) sql.remove_prefix(1);
    for (std::string_view word : words) {
        if (sql.size() < word.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < word.size() && same; ++i)
            same = (sql[i] | 0x20) == (word[i] | 0x20);
        if (same) return true;
    }
    return false;
}

} // namespace

void Connection::forget_prepared() {
    if (prepared_.empty()) return;
    Result result(PQexec(conn_, "DEALLOCATE ALL"));
    check(result, "DEALLOCATE ALL");
    prepared_.clear();
}

Result Connection::exec(const std::string& sql) {
    if (starts_with_word(sql, {"CREATE", "ALTER", "DROP"})) forget_prepared();
    Result result(PQexec(conn_, sql.c_str()));
    check(result, sql);
    return result;
}

Result Connection::exec(const std::string& sql, std::span<const Value> params) {
    std::vector<std::string> texts(params.size());
    std::vector<const char*> pointers(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i)
        if (param_text(params[i], texts[i])) {
            pointers[i] = texts[i].c_str();
            lengths[i] = int(texts[i].size());
        }
    if (!starts_with_word(sql, {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"})) {
        Result result(PQexecParams(conn_, sql.c_str(), int(params.size()), nullptr, pointers.data(),
                                   lengths.data(), nullptr, 0));
        check(result, sql);
        return result;
    }
    auto found = prepared_.find(sql);
    if (found == prepared_.end()) {
        if (prepared_.size() >= max_prepared) forget_prepared();
        std::string name = "leadbook_" + std::to_string(next_prepared_++);
        Result prepared(PQprepare(conn_, name.c_str(), sql.c_str(), int(params.size()), nullptr));
        check(prepared, sql);
        found = prepared_.emplace(sql, std::move(name)).first;
    }
    Result result(PQexecPrepared(conn_, found->second.c_str(), int(params.size()), pointers.data(),
                                 lengths.data(), nullptr, 0));
    check(result, sql);
    return result;
}

void Connection::exec_quietly(const char* sql) noexcept { PQclear(PQexec(conn_, sql)); }

void Connection::copy_in(const std::string& copy_sql, const std::string& data) {
    Result start(PQexec(conn_, copy_sql.c_str()));
    check(start, copy_sql);
    // In pieces: libpq buffers what it is given.
    constexpr std::size_t piece = 1 << 20;
    bool sent = true;
    for (std::size_t at = 0; sent && at < data.size(); at += piece)
        sent = PQputCopyData(conn_, data.data() + at, int(std::min(piece, data.size() - at))) == 1;
    PQputCopyEnd(conn_, sent ? nullptr : "leadbook stopped the copy");
    Result end(PQgetResult(conn_));
    // Drain what remains, so that the connection is ready for the next statement.
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);
    check(end, copy_sql);
}

Value value_at(const PGresult* result, int row, int column) {
    if (PQgetisnull(result, row, column)) return std::monostate{};
    const char* text = PQgetvalue(result, row, column);
    const int length = PQgetlength(result, row, column);
    switch (PQftype(result, column)) {
    case int2_oid:
    case int4_oid:
    case int8_oid: return int_of(text, length);
    case bool_oid: return std::int64_t{text[0] == 't' ? 1 : 0};
    case float4_oid:
    case float8_oid:
    case numeric_oid: return double_of(text);
    case bytea_oid: return bytes_of(text, length);
    default: return std::string(text, std::size_t(length));
    }
}

Value value_as(const PGresult* result, int row, int column, ColumnType type) {
    if (PQgetisnull(result, row, column)) return std::monostate{};
    const char* text = PQgetvalue(result, row, column);
    const int length = PQgetlength(result, row, column);
    switch (type) {
    case ColumnType::integer: return int_of(text, length);
    case ColumnType::real: return double_of(text);
    case ColumnType::blob: return bytes_of(text, length);
    case ColumnType::text: break;
    }
    return std::string(text, std::size_t(length));
}

std::int64_t int_at(const PGresult* result, int row, int column) {
    return int_of(PQgetvalue(result, row, column), PQgetlength(result, row, column));
}

void append_copy_value(std::string& out, const Value& value) {
    if (std::holds_alternative<std::monostate>(value)) {
        out += "\\N";
        return;
    }
    if (const auto* s = std::get_if<std::string>(&value)) {
        for (char c : *s) {
            switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
            }
        }
        return;
    }
    if (const auto* b = std::get_if<Bytes>(&value)) {
        out += "\\\\x" + hex(b->data);
        return;
    }
    std::string text;
    param_text(value, text);
    out += text;
}

std::int64_t changed_rows(const Result& result) {
    const char* n = PQcmdTuples(result.get());
    return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

} // namespace postgres
} // namespace leadbook
