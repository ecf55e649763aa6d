#include <leadbook/values.hpp>

#include <gtest/gtest.h>

using namespace leadbook;

TEST(Timestamp, ParsesAndFormatsUtc) {
    auto t = Timestamp::parse("2026-11-27T09:30:00Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to_string(), "2026-11-27T09:30:00Z");
    EXPECT_EQ(Timestamp::parse("1970-01-01T00:00:00Z")->millis, 0);
    EXPECT_EQ(Timestamp::parse("2026-11-27T09:30:00.250Z")->to_string(),
              "2026-11-27T09:30:00.250Z");
}

TEST(Timestamp, SecondsMayBeLeftOut) {
    EXPECT_EQ(Timestamp::parse("2026-11-27T09:30Z")->to_string(), "2026-11-27T09:30:00Z");
    EXPECT_EQ(Timestamp::parse("2026-11-27T10:30+01:00")->to_string(), "2026-11-27T09:30:00Z");
    for (const char* bad : {"2026-11-27T09:30", "2026-11-27T09:30.5Z", "2026-11-27T09:3Z",
                            "2026-11-27T09:30:Z", "2026-11-27T09:30:5Z", "2026-11-27T09:60Z"})
        EXPECT_FALSE(Timestamp::parse(bad)) << bad;
}

TEST(Timestamp, AppliesOffsets) {
    EXPECT_EQ(Timestamp::parse("2026-11-27T10:30:00+01:00")->to_string(), "2026-11-27T09:30:00Z");
    EXPECT_EQ(Timestamp::parse("2026-11-27T04:00:00-05:30")->to_string(), "2026-11-27T09:30:00Z");
}

TEST(Timestamp, RejectsMalformedText) {
    for (const char* bad : {"", "2026-11-27", "2026-11-27T09:30:00", "2026-13-01T00:00:00Z",
                            "2026-02-30T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T09:30:00Zx",
                            "2026-11-27T09:30:00.Z", "abcd-ef-ghTij:kl:mnZ"})
        EXPECT_FALSE(Timestamp::parse(bad)) << bad;
}

TEST(Timestamp, FormatsTimesBefore1970) {
    Timestamp t{-1};
    EXPECT_EQ(t.to_string(), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(Timestamp::parse(t.to_string())->millis, -1);
}

TEST(Date, RoundTripsAndValidates) {
    EXPECT_EQ(Date::parse("2024-02-29")->to_string(), "2024-02-29");
    EXPECT_FALSE(Date::parse("2023-02-29"));
    EXPECT_FALSE(Date::parse("2023-2-01"));
    EXPECT_EQ(Date::from_ymd(1970, 1, 2).days, 1);
}

TEST(Base64, RoundTripsEveryLength) {
    std::vector<std::uint8_t> data;
    for (int n = 0; n < 40; ++n) {
        auto text = base64_encode(data);
        auto back = base64_decode(text);
        ASSERT_TRUE(back) << text;
        EXPECT_EQ(*back, data);
        data.push_back(static_cast<std::uint8_t>(n * 37 + 11));
    }
    EXPECT_EQ(base64_encode({'M', 'a', 'n'}), "TWFu");
    EXPECT_EQ(base64_encode({'M'}), "TQ==");
}

TEST(Base64, RejectsInvalidText) {
    for (const char* bad : {"T", "TQ=", "T===", "TQ==TQ==", "TW!u", "=AAA"})
        EXPECT_FALSE(base64_decode(bad)) << bad;
}

TEST(Email, AcceptsOrdinaryAddresses) {
    for (const char* ok :
         {"jane@acme.example", "j.doe+crm@mail.acme.co.uk", "x@a-b.io", "müller@bücher.example"})
        EXPECT_TRUE(is_valid_email(ok)) << ok;
}

TEST(Email, RejectsMalformedAddresses) {
    for (const char* bad :
         {"", "jane", "@acme.example", "jane@", "jane@acme", "jane doe@acme.example",
          "jane@@acme.example", "jane@acme..example", ".jane@acme.example", "jane@-acme.example",
          "jane@acme.example.", "<jane@acme.example>"})
        EXPECT_FALSE(is_valid_email(bad)) << bad;
}

TEST(Utf8, ValidatesSequences) {
    EXPECT_TRUE(is_valid_utf8("José Müller 日本 😀"));
    EXPECT_FALSE(is_valid_utf8("\xC3"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));     // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("abc\xFF"));
}

TEST(Money, ParsesDecimalStringsExactly) {
    EXPECT_EQ(Money::parse("19.99")->minor_units, 1999);
    EXPECT_EQ(Money::parse("19.9")->minor_units, 1990);
    EXPECT_EQ(Money::parse("20")->minor_units, 2000);
    EXPECT_EQ(Money::parse("-0.05")->minor_units, -5);
    EXPECT_EQ(Money::parse("19.99")->to_string(), "19.99");
    for (const char* bad : {"", "19.999", "1.2.3", "abc", "19.", "92233720368547758.08"})
        EXPECT_FALSE(Money::parse(bad)) << bad;
}
