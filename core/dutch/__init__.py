"""Dutch vocabulary and parsing that more than one stage needs, each idea in one module: education levels, hours
per week, places and gemeenten, dates and amounts, and words. Crawlers attach these per field, the nlp stage
reads free text with them and the warehouse resolves with them; none of them imports a stage."""
