"""The sample catalog: product type | price (USD) | interest group(s).

Interest groups drive the synthetic shopping behaviour (people buy within their interests), which
is what gives the histories real co-purchase structure. Brands are invented.
"""

BRANDS: dict[str, tuple[str, ...]] = {
    "Electronics": ("Auralis", "Voltix", "Nexon", "Lumio"),
    "Home & Kitchen": ("Hearthly", "Brewmark", "Copperleaf", "Nestwell"),
    "Outdoor & Sports": ("Summit Ridge", "Trailhead", "Peakform", "Northwind"),
    "Books": ("",),
    "Toys & Games": ("Playforge", "Tinker Bay", "Brightblock"),
    "Beauty & Personal Care": ("Purelle", "Glowhaus", "Barber & Bloom"),
    "Office": ("Deskcraft", "Inkwell", "Ergonomix"),
    "Pet Supplies": ("Pawsome", "Whisker & Tail", "Aquaverde"),
    "Clothing": ("Fieldline", "Urban Thread", "Stridewear"),
}

CATALOG: dict[str, str] = {
    "Electronics": """
Wireless Noise-Cancelling Headphones | 199.99 | audio
True Wireless Earbuds | 89.99 | audio phone
Bluetooth Portable Speaker | 59.99 | audio
Headphone Stand | 24.99 | audio
USB-C Fast Charger 65W | 39.99 | phone laptop
Braided USB-C Cable 2-Pack | 14.99 | phone
Clear Phone Case | 19.99 | phone
Tempered Glass Screen Protector | 12.99 | phone
Wireless Charging Pad | 29.99 | phone
Power Bank 20000mAh | 45.99 | phone camping
14-inch Laptop | 899.00 | laptop
Laptop Sleeve 14-inch | 29.99 | laptop
Wireless Mouse | 24.99 | laptop desk
USB-C Hub 7-in-1 | 49.99 | laptop
Mechanical Keyboard | 89.99 | laptop gaming
27-inch 4K Monitor | 329.00 | laptop desk
HD Webcam 1080p | 59.99 | desk
Mirrorless Camera | 749.00 | photo
Camera Memory Card 128GB | 24.99 | photo
Camera Tripod | 39.99 | photo
Camera Bag | 49.99 | photo
Smart Speaker | 49.99 | smarthome
Smart Plug 2-Pack | 24.99 | smarthome
Smart LED Bulb 4-Pack | 34.99 | smarthome
Wireless Game Controller | 59.99 | gaming
Gaming Headset | 79.99 | gaming
E-Reader | 129.99 | reading
""",
    "Home & Kitchen": """
Espresso Machine | 349.00 | coffee
Burr Coffee Grinder | 89.99 | coffee
Milk Frother | 29.99 | coffee
Espresso Cups Set of 4 | 24.99 | coffee
Pour-Over Coffee Dripper | 22.99 | coffee
Paper Coffee Filters 100-Pack | 6.99 | coffee
Electric Gooseneck Kettle | 59.99 | coffee
Cast Iron Skillet 12-inch | 39.99 | cooking
Nonstick Frying Pan | 34.99 | cooking
Chef's Knife 8-inch | 69.99 | cooking
Bamboo Cutting Board | 24.99 | cooking
Knife Sharpener | 19.99 | cooking
Dutch Oven 6-Quart | 79.99 | cooking
Silicone Spatula Set | 14.99 | cooking baking
Stand Mixer | 279.00 | baking
Baking Sheet Set | 29.99 | baking
Silicone Baking Mat | 12.99 | baking
Measuring Cups Set | 15.99 | baking
Robot Vacuum | 249.00 | cleaning
Robot Vacuum Replacement Filters | 19.99 | cleaning
Microfiber Cleaning Cloths 12-Pack | 12.99 | cleaning
Air Purifier | 149.99 | cleaning bedroom
HEPA Replacement Filter | 39.99 | cleaning
Bath Towel Set | 49.99 | bedroom
Cotton Bed Sheets Queen | 59.99 | bedroom
Memory Foam Pillow | 39.99 | bedroom
""",
    "Outdoor & Sports": """
2-Person Backpacking Tent | 189.00 | camping
Sleeping Bag 20F | 129.00 | camping
Inflatable Sleeping Pad | 69.99 | camping
Camping Stove | 49.99 | camping
Camping Cookware Set | 39.99 | camping
Rechargeable Headlamp | 29.99 | camping hiking
Portable Water Filter | 34.99 | camping hiking
Camping Lantern | 24.99 | camping
Hiking Backpack 40L | 119.00 | hiking
Trekking Poles | 59.99 | hiking
Insulated Water Bottle | 29.99 | hiking fitness
Yoga Mat | 34.99 | yoga
Yoga Blocks 2-Pack | 17.99 | yoga
Yoga Strap | 9.99 | yoga
Resistance Bands Set | 24.99 | fitness yoga
Adjustable Dumbbells | 199.00 | fitness
Foam Roller | 24.99 | fitness running
Jump Rope | 12.99 | fitness
Running Belt | 19.99 | running
GPS Running Watch | 249.00 | running
Reflective Running Vest | 19.99 | running cycling
Bike Helmet | 59.99 | cycling
Bike Lights Set | 29.99 | cycling
U-Lock Bike Lock | 44.99 | cycling
Cycling Gloves | 22.99 | cycling
""",
    "Books": """
The Home Barista Handbook | 24.99 | coffee reading
Weeknight Cooking | 29.99 | cooking reading
Sourdough at Home | 27.99 | baking reading
The Backcountry Camping Guide | 21.99 | camping reading
Trail Running Basics | 18.99 | running reading
Yoga for Beginners | 16.99 | yoga reading
Learn Python Programming | 39.99 | laptop reading
Designing Data Systems | 49.99 | laptop reading
Photography Fundamentals | 34.99 | photo reading
The Complete Dog Training Guide | 19.99 | dog reading
The Happy Cat Handbook | 17.99 | cat reading
The Lighthouse Murders | 15.99 | mystery reading
Midnight at the Harbor | 14.99 | mystery reading
The Vanishing Heir | 15.99 | mystery reading
Stars Beyond Orion | 17.99 | scifi reading
The Quantum Garden | 18.99 | scifi reading
Signal from Europa | 16.99 | scifi reading
The Dragon's Heir | 19.99 | fantasy reading
Crown of Embers | 18.99 | fantasy reading
Goodnight Forest | 9.99 | kids reading
The Curious Robot | 11.99 | kids reading
Dinosaur Facts for Kids | 12.99 | kids reading
Deep Focus | 22.99 | desk reading
The Minimalist Home | 20.99 | cleaning reading
Houseplant Care Guide | 15.99 | reading
""",
    "Toys & Games": """
Building Bricks Space Station | 79.99 | kids
Building Bricks Classic Box | 34.99 | kids
Wooden Train Set | 59.99 | kids
Train Track Expansion Pack | 24.99 | kids
Plush Teddy Bear | 19.99 | kids
Remote Control Car | 49.99 | kids
RC Car Rechargeable Battery | 14.99 | kids
Jigsaw Puzzle 1000 Pieces | 19.99 | puzzles
Jigsaw Puzzle Roll-Up Mat | 24.99 | puzzles
Strategy Board Game Island Settlers | 44.99 | boardgames
Cooperative Board Game Pandemic Rescue | 39.99 | boardgames
Party Card Game | 19.99 | boardgames
Wooden Chess Set | 34.99 | boardgames puzzles
Kids Art Easel | 69.99 | kids art
Washable Markers 24-Pack | 12.99 | kids art
Modeling Clay Set | 16.99 | kids art
Wooden Dollhouse | 119.00 | kids
Dollhouse Furniture Set | 29.99 | kids
Volcano Science Kit | 24.99 | kids
Kids Telescope | 59.99 | kids
Camera Drone | 149.00 | drone
Drone Spare Propellers | 9.99 | drone
Drone Extra Battery | 29.99 | drone
Stunt Kite | 29.99 | kids
Magnetic Tiles 60-Piece | 49.99 | kids
""",
    "Beauty & Personal Care": """
Gentle Facial Cleanser | 14.99 | skincare
Hydrating Face Moisturizer | 24.99 | skincare
Vitamin C Serum | 29.99 | skincare
Mineral Sunscreen SPF 50 | 19.99 | skincare hiking
Micellar Cleansing Water | 11.99 | skincare
Sulfate-Free Shampoo | 16.99 | haircare
Sulfate-Free Conditioner | 16.99 | haircare
Ionic Hair Dryer | 79.99 | haircare
Ceramic Hair Straightener | 59.99 | haircare
Heat Protectant Spray | 12.99 | haircare
Electric Shaver | 129.00 | shaving
Shaving Cream | 8.99 | shaving
Aftershave Balm | 14.99 | shaving
Beard Trimmer | 49.99 | shaving
Beard Oil | 15.99 | shaving
Electric Toothbrush | 69.99 | oral
Toothbrush Replacement Heads 4-Pack | 19.99 | oral
Water Flosser | 49.99 | oral
Lavender Body Wash | 9.99 | bath
Bath Bombs Set | 19.99 | bath
Shea Butter Body Lotion | 12.99 | bath skincare
Lip Balm 4-Pack | 7.99 | bath hiking
Nail Care Kit | 17.99 | bath
""",
    "Office": """
Ergonomic Office Chair | 299.00 | desk
Standing Desk | 399.00 | desk
LED Desk Lamp | 39.99 | desk
Monitor Arm | 89.99 | desk
Laptop Stand | 34.99 | desk laptop
Keyboard Wrist Rest | 19.99 | desk
Under-Desk Footrest | 29.99 | desk
Dotted Notebook A5 | 12.99 | stationery
Gel Pens 12-Pack | 11.99 | stationery
Highlighters 6-Pack | 6.99 | stationery
Sticky Notes 12-Pack | 9.99 | stationery
Desk Organizer | 24.99 | stationery desk
Weekly Planner 2027 | 18.99 | stationery
Heavy-Duty Stapler | 16.99 | stationery
Cross-Cut Paper Shredder | 79.99 | printing
Printer Paper 500 Sheets | 8.99 | printing
Wireless Inkjet Printer | 129.00 | printing
Black Ink Cartridge | 29.99 | printing
Color Ink Cartridge | 34.99 | printing
Magnetic Whiteboard | 49.99 | stationery
Whiteboard Markers 8-Pack | 9.99 | stationery
Label Maker | 39.99 | stationery
Document Scanner | 199.00 | printing
Scientific Calculator | 19.99 | stationery
""",
    "Pet Supplies": """
Orthopedic Dog Bed Large | 89.99 | dog
Dog Leash 6ft | 19.99 | dog
No-Pull Dog Harness | 29.99 | dog
Dog Chew Toys 5-Pack | 24.99 | dog
Chicken Dog Treats | 12.99 | dog
Stainless Steel Dog Bowl | 14.99 | dog
Oatmeal Dog Shampoo | 11.99 | dog
Dog Poop Bags 300 Count | 13.99 | dog
Folding Dog Crate | 69.99 | dog
Cat Tree Tower | 99.99 | cat
Clumping Cat Litter | 19.99 | cat
Covered Litter Box | 39.99 | cat
Litter Scoop | 9.99 | cat
Cat Scratching Post | 29.99 | cat
Feather Wand Cat Toy | 8.99 | cat
Salmon Cat Treats | 6.99 | cat
Aquarium Kit 20 Gallon | 139.00 | fish
Aquarium Filter | 34.99 | fish
Tropical Fish Food Flakes | 7.99 | fish
Aquarium Heater | 24.99 | fish
Hamster Cage | 59.99 | smallpet
Paper Hamster Bedding | 14.99 | smallpet
Bird Cage | 79.99 | smallpet
Wild Bird Seed Mix | 16.99 | smallpet
""",
    "Clothing": """
Cushioned Running Shoes | 119.00 | running clothing
Running Shorts | 34.99 | running clothing
Moisture-Wicking T-Shirt | 24.99 | running fitness clothing
Waterproof Rain Jacket | 99.00 | hiking clothing
Fleece Jacket | 59.99 | hiking camping clothing
Down Puffer Jacket | 149.00 | winter clothing
Waterproof Hiking Boots | 139.00 | hiking clothing
Wool Beanie | 19.99 | winter clothing
Touchscreen Gloves | 24.99 | winter clothing
Merino Wool Base Layer | 79.99 | winter camping clothing
High-Waist Yoga Leggings | 49.99 | yoga clothing
Sports Bra | 34.99 | yoga fitness clothing
Cotton T-Shirt 3-Pack | 29.99 | basics clothing
Slim Fit Jeans | 59.99 | basics clothing
Chino Pants | 49.99 | basics clothing
Pullover Hoodie | 44.99 | basics clothing
Crew Socks 6-Pack | 16.99 | basics clothing
Canvas Sneakers | 54.99 | basics clothing
Sport Sandals | 39.99 | hiking clothing
Flannel Pajama Set | 39.99 | bedroom clothing
Baseball Cap | 19.99 | basics clothing
Leather Belt | 29.99 | basics clothing
Swim Trunks | 29.99 | clothing
Merino Hiking Socks 3-Pack | 27.99 | hiking clothing
""",
}
