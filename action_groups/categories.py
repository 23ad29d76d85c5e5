"""The store's product categories: the catalog seed, search descriptions and the best-seller
fallback all read this one list."""

CATEGORIES: tuple[str, ...] = (
    "Electronics",
    "Home & Kitchen",
    "Outdoor & Sports",
    "Books",
    "Toys & Games",
    "Beauty & Personal Care",
    "Office",
    "Pet Supplies",
    "Clothing",
)
